namespace GrainChain.Runtime.Messaging;

/// <summary>A peer sent bytes that break the wire protocol (bad frame length, header, handshake); the message names the field.</summary>
public sealed class MessagingProtocolException : MessagingException
{
    public MessagingProtocolException(string message) : base(message) { }

    public MessagingProtocolException(string message, Exception? inner) : base(message, inner) { }
}
