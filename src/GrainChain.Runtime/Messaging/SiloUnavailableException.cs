namespace GrainChain.Runtime.Messaging;

/// <summary>No connection to the silo can be had now: connecting failed, it is in reconnect back-off, or it was marked dead.</summary>
public sealed class SiloUnavailableException : MessagingException
{
    public SiloUnavailableException(string message) : base(message) { }

    public SiloUnavailableException(string message, Exception? inner) : base(message, inner) { }
}
