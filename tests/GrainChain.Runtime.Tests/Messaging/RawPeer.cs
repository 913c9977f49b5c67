using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

/// <summary>A bare TCP socket that sends whatever bytes a test wants, to play a broken or hostile peer.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endpoint)
    {
        var peer = new RawPeer();
        await peer._socket.ConnectAsync(endpoint).WaitAsync(TestWait.Safety);
        return peer;
    }

    /// <summary>The peer's own endpoint, which the listener sees as the remote one.</summary>
    public string LocalEndPoint => _socket.LocalEndPoint!.ToString()!;

    public async Task SendAsync(ReadOnlyMemory<byte> bytes) => await _socket.SendAsync(bytes, SocketFlags.None).AsTask().WaitAsync(TestWait.Safety);

    public void StopSending() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Sends a valid silo preamble and returns the reply bytes' status: true when accepted.</summary>
    public async Task<bool> HandshakeAsync(string clusterId, SiloAddress self, SiloAddress? expected, ushort version = HandshakeCodec.ProtocolVersion)
    {
        await SendAsync(HandshakeCodec.EncodePreamble(new HandshakePreamble(version, ConnectionRole.Silo, clusterId, self, Guid.Empty, expected)));
        var fixedPart = await ReceiveExactlyAsync(HandshakeCodec.ReplyFixedBytes);
        var (_, accepted, length) = HandshakeCodec.ReadReplyFixed(fixedPart);
        LastReply = HandshakeCodec.DecodeReplyPayload(HandshakeCodec.ProtocolVersion, accepted, await ReceiveExactlyAsync(length));
        return accepted;
    }

    public HandshakeReply? LastReply { get; private set; }

    /// <summary>Reads until the other side closes; returns everything received.</summary>
    public async Task<byte[]> ReceiveUntilClosedAsync()
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TestWait.Safety);
                if (n == 0)
                {
                    break;
                }
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
        }
        return [.. received];
    }

    public void Dispose() => _socket.Dispose();

    private async Task<byte[]> ReceiveExactlyAsync(int count)
    {
        var bytes = new byte[count];
        int at = 0;
        while (at < count)
        {
            int n = await _socket.ReceiveAsync(bytes.AsMemory(at), SocketFlags.None).AsTask().WaitAsync(TestWait.Safety);
            if (n == 0)
            {
                throw new InvalidOperationException($"Closed after {at} of {count} bytes.");
            }
            at += n;
        }
        return bytes;
    }
}
