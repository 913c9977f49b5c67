namespace GrainChain.Runtime.Messaging;

/// <summary>The remote end refused the handshake (wrong cluster, protocol version or silo generation); the message carries its reason.</summary>
public sealed class ConnectionRefusedException : MessagingException
{
    public ConnectionRefusedException(string message) : base(message) { }
}
