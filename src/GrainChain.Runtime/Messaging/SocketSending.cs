using System.Net.Sockets;

namespace GrainChain.Runtime.Messaging;

/// <summary>Sends a whole buffer on a stream socket, looping over partial sends.</summary>
internal static class SocketSending
{
    public static async ValueTask SendAllAsync(this Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        while (!bytes.IsEmpty)
        {
            int sent = await socket.SendAsync(bytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (sent <= 0)
            {
                throw new SocketException((int)SocketError.ConnectionReset);
            }
            bytes = bytes[sent..];
        }
    }
}
