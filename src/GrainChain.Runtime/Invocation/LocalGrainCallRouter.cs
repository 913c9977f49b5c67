using GrainChain.Runtime.Activation;

namespace GrainChain.Runtime.Invocation;

/// <summary>Routes every call to an activation in this silo, creating the activation on first call.</summary>
internal sealed class LocalGrainCallRouter(Catalog catalog) : IGrainCallRouter
{
    public void Route(GrainRequest request)
    {
        var target = request.Target!;
        var activation = target.CachedActivation;
        while (true)
        {
            if (activation is null)
            {
                try
                {
                    activation = catalog.GetOrCreateActivation(target.GrainId);
                }
                catch (Exception exception)
                {
                    request.FailUndelivered(exception);
                    return;
                }
                target.CachedActivation = activation;
            }
            if (activation.TryEnqueue(request))
            {
                return;
            }
            // The cached activation has gone away; the catalog hands out its successor.
            activation = null;
            target.CachedActivation = null;
        }
    }
}
