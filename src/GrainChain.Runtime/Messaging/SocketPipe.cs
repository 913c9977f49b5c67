using System.IO.Pipelines;
using System.Net.Sockets;

namespace GrainChain.Runtime.Messaging;

/// <summary>Creates the pipe reader a connection reads through, sized from the options.</summary>
internal static class SocketPipe
{
    public static PipeReader CreateReader(Socket socket, MessagingOptions options) =>
        PipeReader.Create(
            new NetworkStream(socket, ownsSocket: false),
            new StreamPipeReaderOptions(bufferSize: options.ReceiveBufferBytes, minimumReadSize: Math.Min(4096, options.ReceiveBufferBytes), leaveOpen: false));

    public static void Configure(Socket socket)
    {
        socket.NoDelay = true;
    }
}
