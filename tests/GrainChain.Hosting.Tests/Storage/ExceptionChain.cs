namespace GrainChain.Hosting.Tests.Storage;

/// <summary>Finds an exception of a given type among an exception and its inner (and aggregated) exceptions.</summary>
internal static class ExceptionChain
{
    public static T Find<T>(Exception error) where T : Exception
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var e))
        {
            if (e is T found) return found;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is not null) pending.Push(e.InnerException);
        }

        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} in: {error}");
    }
}
