namespace GrainChain.Runtime.Messaging;

/// <summary>Base of every failure the messaging layer reports, so a router can catch them as one.</summary>
public abstract class MessagingException : Exception
{
    protected MessagingException(string message) : base(message) { }

    protected MessagingException(string message, Exception? inner) : base(message, inner) { }
}
