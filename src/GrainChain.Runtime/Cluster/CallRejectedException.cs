namespace GrainChain.Runtime.Cluster;

/// <summary>
/// A grain call was refused before it ran (the target silo could not take it, or the call could not be routed after
/// several tries). The grain did not see the call, so it is safe to send it again.
/// </summary>
public sealed class CallRejectedException : Exception
{
    public CallRejectedException(string message)
        : base(message)
    {
    }

    public CallRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
