namespace GrainChain.Runtime.Messaging;

/// <summary>The outbound queue of a connection is over <see cref="MessagingOptions.MaxOutboundQueueBytes"/>; the frame was not queued.</summary>
public sealed class ConnectionOverloadedException : MessagingException
{
    public ConnectionOverloadedException(string message) : base(message) { }
}
