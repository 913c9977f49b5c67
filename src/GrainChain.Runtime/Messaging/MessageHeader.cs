namespace GrainChain.Runtime.Messaging;

/// <summary>
/// The routing part of a frame: what kind of message it is, which call it belongs to and, for requests, where it
/// goes. The body (arguments, result, exception) travels beside it as opaque bytes.
/// </summary>
public readonly record struct MessageHeader
{
    public MessageKind Kind { get; init; }

    public MessageFlags Flags { get; init; }

    /// <summary>Pairs a Response, Failure, Rejection or Pong with its Request or Ping.</summary>
    public long CallId { get; init; }

    /// <summary>The grain a Request is for; default on every other kind.</summary>
    public GrainId Target { get; init; }

    /// <summary>Stable 32-bit id of the called interface (Request only).</summary>
    public uint InterfaceId { get; init; }

    /// <summary>Index of the called method within its interface (Request only).</summary>
    public ushort MethodId { get; init; }

    /// <summary>How many times a Request has been forwarded between silos.</summary>
    public byte HopCount { get; init; }

    /// <summary>Why a Rejection was sent; None on every other kind.</summary>
    public RejectionReason Rejection { get; init; }

    /// <summary>The caller's remaining time budget for a Request, in milliseconds; 0 means none.</summary>
    public int TimeoutMilliseconds { get; init; }

    public override string ToString() => Kind switch
    {
        MessageKind.Request => $"Request #{CallId} {Target} {InterfaceId:x8}.{MethodId} flags={Flags} hops={HopCount} timeout={TimeoutMilliseconds}ms",
        MessageKind.Rejection => $"Rejection #{CallId} {Rejection}",
        _ => $"{Kind} #{CallId}",
    };
}
