namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Delivers a request to the activation of its target grain. The local router hands it straight to an activation
/// in this silo; the cluster's router will send it over a connection when the grain lives elsewhere.
/// </summary>
internal interface IGrainCallRouter
{
    void Route(GrainRequest request);
}
