using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Messaging;

/// <summary>The handshake exchange on a fresh socket, both sides. Callers bound it in time with a cancellation token.</summary>
internal static class ConnectionHandshake
{
    /// <summary>
    /// Acceptor side: reads and checks the preamble, replies accept or refuse. Returns the accepted preamble, or
    /// the refusal reason (already sent to the peer). Throws <see cref="MessagingProtocolException"/> on bytes
    /// that are not a preamble at all (after replying with a refusal).
    /// </summary>
    public static async Task<(HandshakePreamble? Accepted, string? Refusal)> AcceptAsync(
        Socket socket, PipeReader reader, string clusterId, SiloAddress localSilo, Func<SiloAddress, string?>? admitSilo, CancellationToken cancellationToken)
    {
        HandshakePreamble preamble;
        try
        {
            var fixedPart = await ReadExactlyAsync(reader, HandshakeCodec.PreambleFixedBytes, cancellationToken).ConfigureAwait(false);
            var (version, payloadLength) = HandshakeCodec.ReadPreambleFixed(fixedPart);
            if (version != HandshakeCodec.ProtocolVersion)
            {
                var reason = $"protocol version {version} is not supported; this silo speaks version {HandshakeCodec.ProtocolVersion}";
                await RefuseAsync(socket, reason, cancellationToken).ConfigureAwait(false);
                return (null, reason);
            }
            var payload = await ReadExactlyAsync(reader, payloadLength, cancellationToken).ConfigureAwait(false);
            preamble = HandshakeCodec.DecodePreamblePayload(version, payload);
        }
        catch (MessagingProtocolException e)
        {
            await TryRefuseAsync(socket, e.Message, cancellationToken).ConfigureAwait(false);
            throw;
        }

        var refusal = Check(preamble, clusterId, localSilo, admitSilo);
        if (refusal is not null)
        {
            await RefuseAsync(socket, refusal, cancellationToken).ConfigureAwait(false);
            return (null, refusal);
        }
        await socket.SendAllAsync(HandshakeCodec.EncodeAccept(localSilo), cancellationToken).ConfigureAwait(false);
        return (preamble, null);
    }

    /// <summary>
    /// Connecting side: sends the preamble and reads the reply. Returns the acceptor's address; throws
    /// <see cref="ConnectionRefusedException"/> with the acceptor's reason, or <see cref="MessagingProtocolException"/>.
    /// </summary>
    public static async Task<SiloAddress> ConnectAsync(Socket socket, PipeReader reader, HandshakePreamble preamble, CancellationToken cancellationToken)
    {
        await socket.SendAllAsync(HandshakeCodec.EncodePreamble(preamble), cancellationToken).ConfigureAwait(false);
        var fixedPart = await ReadExactlyAsync(reader, HandshakeCodec.ReplyFixedBytes, cancellationToken).ConfigureAwait(false);
        var (version, accepted, payloadLength) = HandshakeCodec.ReadReplyFixed(fixedPart);
        var payload = await ReadExactlyAsync(reader, payloadLength, cancellationToken).ConfigureAwait(false);
        var reply = HandshakeCodec.DecodeReplyPayload(version, accepted, payload);
        if (!reply.Accepted)
        {
            throw new ConnectionRefusedException($"{socket.RemoteEndPoint} refused the connection: {reply.RefusalReason}");
        }
        if (preamble.ExpectedSilo is { } expected && reply.Silo != expected)
        {
            throw new MessagingProtocolException($"{socket.RemoteEndPoint} accepted as silo {reply.Silo}, not the expected {expected}.");
        }
        return reply.Silo!;
    }

    private static string? Check(HandshakePreamble preamble, string clusterId, SiloAddress localSilo, Func<SiloAddress, string?>? admitSilo)
    {
        if (!string.Equals(preamble.ClusterId, clusterId, StringComparison.Ordinal))
        {
            return $"cluster id '{preamble.ClusterId}' does not match this silo's cluster '{clusterId}'";
        }
        if (preamble.ExpectedSilo is { } expected && expected != localSilo)
        {
            return expected.Endpoint.Equals(localSilo.Endpoint)
                ? $"expected silo {expected} but this is generation {localSilo.Generation} ({localSilo}); that incarnation is gone"
                : $"expected silo {expected} but this is {localSilo}";
        }
        if (preamble.Role == ConnectionRole.Silo)
        {
            if (preamble.Silo == localSilo)
            {
                return $"the peer claims this silo's own address {localSilo}";
            }
            if (admitSilo?.Invoke(preamble.Silo!) is { } notAdmitted)
            {
                return notAdmitted;
            }
        }
        return null;
    }

    private static async Task RefuseAsync(Socket socket, string reason, CancellationToken cancellationToken) =>
        await socket.SendAllAsync(HandshakeCodec.EncodeRefusal(reason), cancellationToken).ConfigureAwait(false);

    private static async Task TryRefuseAsync(Socket socket, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await RefuseAsync(socket, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer is already gone; the refusal is a courtesy.
        }
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (count is bounded by the caller) into a new array.</summary>
    private static async Task<byte[]> ReadExactlyAsync(PipeReader reader, int count, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return [];
        }
        var result = await reader.ReadAtLeastAsync(count, cancellationToken).ConfigureAwait(false);
        var buffer = result.Buffer;
        if (buffer.Length < count)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            throw new MessagingProtocolException($"Peer closed the connection during the handshake after {buffer.Length} of {count} bytes.");
        }
        var bytes = buffer.Slice(0, count).ToArray();
        reader.AdvanceTo(buffer.GetPosition(count));
        return bytes;
    }
}
