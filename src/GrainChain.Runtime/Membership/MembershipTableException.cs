namespace GrainChain.Runtime.Membership;

/// <summary>A membership table could not do its work (store unreachable, corrupt row, cluster not initialised); the message says which and why.</summary>
public sealed class MembershipTableException : Exception
{
    public MembershipTableException(string message)
        : base(message)
    {
    }

    public MembershipTableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
