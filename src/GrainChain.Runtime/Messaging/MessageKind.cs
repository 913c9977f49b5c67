namespace GrainChain.Runtime.Messaging;

/// <summary>What a frame carries; the first byte of every message header.</summary>
public enum MessageKind : byte
{
    /// <summary>A call to a grain method; the body holds the arguments.</summary>
    Request = 1,

    /// <summary>The result of a request; the body holds the serialized value.</summary>
    Response = 2,

    /// <summary>The request ran and threw; the body holds the serialized exception.</summary>
    Failure = 3,

    /// <summary>The request was not run (see <see cref="RejectionReason"/>); the body is UTF-8 text saying why.</summary>
    Rejection = 4,

    /// <summary>Liveness probe; answered by the connection itself with <see cref="Pong"/>.</summary>
    Ping = 5,

    /// <summary>Answer to a <see cref="Ping"/> with the same call id.</summary>
    Pong = 6,
}
