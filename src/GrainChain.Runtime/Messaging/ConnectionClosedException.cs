namespace GrainChain.Runtime.Messaging;

/// <summary>The connection to the named peer is closed (or closed while a message was in flight).</summary>
public sealed class ConnectionClosedException : MessagingException
{
    public ConnectionClosedException(string message) : base(message) { }

    public ConnectionClosedException(string message, Exception? inner) : base(message, inner) { }
}
