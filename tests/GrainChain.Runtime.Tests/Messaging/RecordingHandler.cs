using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

/// <summary>A message handler for tests: records every frame and every close, and can echo requests back as responses.</summary>
internal sealed class RecordingHandler(bool echo = false) : IMessageHandler
{
    private readonly Channel<ReceivedFrame> _frames = Channel.CreateUnbounded<ReceivedFrame>();
    private readonly ConcurrentDictionary<Connection, TaskCompletionSource<Exception?>> _closed = new();
    private readonly ConcurrentDictionary<Connection, int> _closeCounts = new();

    public ChannelReader<ReceivedFrame> Frames => _frames.Reader;

    public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        if (echo && header.Kind == MessageKind.Request)
        {
            var bytes = body.ToArray();
            connection.Send(new MessageHeader { Kind = MessageKind.Response, CallId = header.CallId }, bytes);
            return;
        }
        _frames.Writer.TryWrite(new ReceivedFrame(connection, header, body.ToArray()));
    }

    public void OnConnectionClosed(Connection connection, Exception? reason)
    {
        _closeCounts.AddOrUpdate(connection, 1, (_, n) => n + 1);
        ClosedSource(connection).TrySetResult(reason);
    }

    /// <summary>Completes with the close reason once OnConnectionClosed ran for <paramref name="connection"/>.</summary>
    public Task<Exception?> ClosedAsync(Connection connection) => ClosedSource(connection).Task.WaitAsync(TestWait.Safety);

    public int CloseCount(Connection connection) => _closeCounts.TryGetValue(connection, out var n) ? n : 0;

    public async Task<ReceivedFrame> NextAsync() => await _frames.Reader.ReadAsync().AsTask().WaitAsync(TestWait.Safety);

    private TaskCompletionSource<Exception?> ClosedSource(Connection connection) =>
        _closed.GetOrAdd(connection, _ => new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously));
}

internal sealed record ReceivedFrame(Connection Connection, MessageHeader Header, byte[] Body);

/// <summary>The one safety timeout of the messaging tests: only there to turn a hang into a failure.</summary>
internal static class TestWait
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
}
