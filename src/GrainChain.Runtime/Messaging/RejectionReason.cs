namespace GrainChain.Runtime.Messaging;

/// <summary>Why a silo refused to run a request (carried by <see cref="MessageKind.Rejection"/> frames).</summary>
public enum RejectionReason : byte
{
    None = 0,

    /// <summary>Try again: the target is moving or the silo is starting or stopping.</summary>
    Transient = 1,

    /// <summary>The request can never succeed here (unknown interface or method, undecodable arguments).</summary>
    Unrecoverable = 2,

    /// <summary>The silo is shedding load.</summary>
    Overloaded = 3,
}
