namespace GrainChain.Runtime.Messaging;

/// <summary>Settings of the TCP messaging layer (bind with IOptions); every default is documented on its property.</summary>
public sealed class MessagingOptions
{
    /// <summary>The cluster this process belongs to; a peer naming another cluster is refused. Required (1-128 printable characters).</summary>
    public string ClusterId { get; set; } = "";

    /// <summary>Largest frame accepted or sent, length prefix excluded (default 16 MiB). Checked on the prefix before any byte is buffered.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest message header accepted or sent (default 8 KiB).</summary>
    public int MaxHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>Bytes a connection may have queued for sending before Send throws <see cref="ConnectionOverloadedException"/> (default 64 MiB).</summary>
    public long MaxOutboundQueueBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Time a peer has to complete the handshake before its socket is dropped (default 5 s), so slow-loris peers cannot pin sockets.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a graceful close waits for the peer to close its side after the last queued frame was sent (default 5 s).</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed to open a TCP connection to a silo or gateway (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait after a failed connect to a silo before the cache tries again (default 100 ms); doubles per failure.</summary>
    public TimeSpan ReconnectBackoffInitial { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between connect attempts to one silo (default 5 s).</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Socket receive buffer requested from the pipe reader per read (default 64 KiB).</summary>
    public int ReceiveBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Inbound sockets allowed to be in their handshake at once (default 1024); more are dropped at once, so a flood of idle sockets cannot pile up.</summary>
    public int MaxPendingHandshakes { get; set; } = 1024;

    /// <summary>Length of the kernel's queue of connections not yet accepted (default 512).</summary>
    public int ListenBacklog { get; set; } = 512;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Membership.MembershipClusterId.ThrowIfInvalid(ClusterId);
        if (System.Text.Encoding.UTF8.GetByteCount(ClusterId) > HandshakeCodec.MaxClusterIdBytes)
        {
            throw new ArgumentException($"ClusterId is longer than {HandshakeCodec.MaxClusterIdBytes} UTF-8 bytes.", nameof(ClusterId));
        }
        Require(MaxHeaderBytes is >= 64 and <= ushort.MaxValue, nameof(MaxHeaderBytes), $"must be 64-{ushort.MaxValue}");
        Require(MaxFrameBytes >= MaxHeaderBytes + FrameCodec.HeaderLengthBytes && MaxFrameBytes <= 1 << 30, nameof(MaxFrameBytes), "must hold a largest header and be at most 1 GiB");
        Require(MaxOutboundQueueBytes >= MaxFrameBytes + FrameCodec.LengthPrefixBytes, nameof(MaxOutboundQueueBytes), "must hold at least one largest frame");
        Require(HandshakeTimeout > TimeSpan.Zero, nameof(HandshakeTimeout), "must be positive");
        Require(CloseTimeout > TimeSpan.Zero, nameof(CloseTimeout), "must be positive");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Require(ReconnectBackoffInitial > TimeSpan.Zero && ReconnectBackoffMax >= ReconnectBackoffInitial, nameof(ReconnectBackoffMax), "must be at least ReconnectBackoffInitial, which must be positive");
        Require(ReceiveBufferBytes is >= 1024 and <= 16 * 1024 * 1024, nameof(ReceiveBufferBytes), "must be 1 KiB-16 MiB");
        Require(MaxPendingHandshakes > 0, nameof(MaxPendingHandshakes), "must be positive");
        Require(ListenBacklog > 0, nameof(ListenBacklog), "must be positive");
    }

    private static void Require(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"MessagingOptions.{name} {rule}.", name);
        }
    }
}
