using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Cluster;

/// <summary>Tells failures that mean "the silo could not be reached" from answers the silo gave.</summary>
internal static class UnreachableSilo
{
    /// <summary>
    /// True when <paramref name="exception"/> or one of its causes is a connection that could not be had, was
    /// refused or closed, or a call the silo refused before running it.
    /// </summary>
    public static bool Is(Exception? exception)
    {
        // A bounded walk: the chain comes partly from the wire.
        for (int depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is MessagingException or CallRejectedException)
            {
                return true;
            }
        }
        return false;
    }
}
