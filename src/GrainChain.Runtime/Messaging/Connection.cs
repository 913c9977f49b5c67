using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// One handshaken TCP connection to a silo or client. <see cref="Send"/> appends frames to a batch buffer that a
/// single writer loop flushes (many frames per socket send); a read loop decodes frames with System.IO.Pipelines
/// and hands them to the <see cref="IMessageHandler"/>. Closing is idempotent and reported exactly once.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    // Buffers up to this size are kept for the next batch; larger ones (big frames) go back to the pool.
    private const int KeptBufferBytes = 1024 * 1024;
    private const int InitialBufferBytes = 64 * 1024;

    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly IMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _maxFrameBytes;
    private readonly int _maxHeaderBytes;
    private readonly long _maxQueuedBytes;
    private readonly TimeSpan _closeTimeout;
    private readonly string _remoteEndpointText;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly WriterWakeup _wakeup = new();
    private readonly GrainTypeNameCache _typeNames = new();

    // Everything below is guarded by _sendLock.
    private readonly Lock _sendLock = new();
    private byte[]? _buffer;
    private byte[]? _spare;
    private int _length;
    private long _queuedBytes;
    private bool _sendClosed;
    private volatile bool _aborted;
    private bool _writerWaiting;
    private Exception? _closeReason;
    private bool _closeRecorded;

    private readonly Dictionary<long, TaskCompletionSource<bool>> _pings = [];
    private long _nextPingId;
    private Task _writeLoop = Task.CompletedTask;
    private int _closed;

    internal Connection(
        Socket socket, PipeReader reader, IMessageHandler handler, bool isInbound, ConnectionRole remoteRole,
        SiloAddress? remoteSilo, Guid? remoteClientId, MessagingOptions options, ILogger logger, TimeProvider time)
    {
        _socket = socket;
        _reader = reader;
        _handler = handler;
        _logger = logger;
        _time = time;
        _maxFrameBytes = options.MaxFrameBytes;
        _maxHeaderBytes = options.MaxHeaderBytes;
        _maxQueuedBytes = options.MaxOutboundQueueBytes;
        _closeTimeout = options.CloseTimeout;
        IsInbound = isInbound;
        RemoteRole = remoteRole;
        RemoteSilo = remoteSilo;
        RemoteClientId = remoteClientId;
        RemoteEndPoint = socket.RemoteEndPoint as IPEndPoint;
        _remoteEndpointText = RemoteEndPoint?.ToString() ?? "(unknown)";
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>The silo at the other end: the remote silo for silo links, the gateway silo for a client's connection; null when a client is at the other end.</summary>
    public SiloAddress? RemoteSilo { get; }

    /// <summary>The client at the other end of a gateway connection; null otherwise.</summary>
    public Guid? RemoteClientId { get; }

    /// <summary>Whether the other end is a silo or a client (for outbound connections: always a silo).</summary>
    public ConnectionRole RemoteRole { get; }

    /// <summary>True when the other end opened this connection.</summary>
    public bool IsInbound { get; }

    /// <summary>The peer's socket endpoint.</summary>
    public IPEndPoint? RemoteEndPoint { get; }

    /// <summary>True once the connection is closing or closed; <see cref="Send"/> then throws.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Completes (never faults) after <see cref="IMessageHandler.OnConnectionClosed"/> has returned.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Bytes queued and not yet handed to the socket.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_sendLock)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>
    /// Queues one frame; returns at once (the bytes are copied). Thread-safe; frames from one thread go out in the
    /// order sent. Throws <see cref="ConnectionClosedException"/> when closed, <see cref="ConnectionOverloadedException"/>
    /// when over <see cref="MessagingOptions.MaxOutboundQueueBytes"/>, <see cref="ArgumentException"/> for a header
    /// or frame over the limits (nothing is queued then).
    /// </summary>
    public void Send(in MessageHeader header, ReadOnlySpan<byte> body)
    {
        long worstCase = (long)FrameCodec.PrefixBytes + MessageHeaderCodec.GetMaxEncodedLength(header) + body.Length;
        if (body.Length > _maxFrameBytes)
        {
            throw new ArgumentException($"Message body of {body.Length} bytes is over the frame limit of {_maxFrameBytes} bytes.", nameof(body));
        }

        bool wake;
        lock (_sendLock)
        {
            if (_sendClosed)
            {
                throw Closed();
            }
            if (_queuedBytes + worstCase > _maxQueuedBytes)
            {
                throw new ConnectionOverloadedException(
                    $"Connection to {Describe()} has {_queuedBytes} bytes queued; a frame of up to {worstCase} more is over the limit of {_maxQueuedBytes}.");
            }
            EnsureCapacity(_length + worstCase);
            var frame = _buffer.AsSpan(_length);
            int headerLength = MessageHeaderCodec.Write(header, frame[FrameCodec.PrefixBytes..]);
            if (headerLength > _maxHeaderBytes)
            {
                throw new ArgumentException($"Message header of {headerLength} bytes is over the limit of {_maxHeaderBytes} bytes.", nameof(header));
            }
            if (FrameCodec.HeaderLengthBytes + headerLength + body.Length > _maxFrameBytes)
            {
                throw new ArgumentException($"Frame of {FrameCodec.HeaderLengthBytes + headerLength + body.Length} bytes is over the limit of {_maxFrameBytes} bytes.", nameof(body));
            }
            FrameCodec.WritePrefix(frame, headerLength, body.Length);
            body.CopyTo(frame[(FrameCodec.PrefixBytes + headerLength)..]);
            int written = FrameCodec.PrefixBytes + headerLength + body.Length;
            _length += written;
            _queuedBytes += written;
            wake = _writerWaiting;
            _writerWaiting = false;
        }
        if (wake)
        {
            _wakeup.Signal();
        }
    }

    /// <summary>
    /// Sends a Ping and waits for its Pong. True when it came within <paramref name="timeout"/> (measured on the
    /// connection's TimeProvider); false on timeout, overload or a closed connection.
    /// </summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextPingId);
        var pong = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pings)
        {
            if (IsClosed)
            {
                return false;
            }
            _pings[id] = pong;
        }
        try
        {
            Send(new MessageHeader { Kind = MessageKind.Ping, CallId = id }, default);
            return await pong.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or MessagingException)
        {
            return false;
        }
        finally
        {
            lock (_pings)
            {
                _pings.Remove(id);
            }
        }
    }

    /// <summary>Closes at once, dropping queued frames. <paramref name="reason"/> is what OnConnectionClosed receives (null: closed on purpose).</summary>
    public void Close(Exception? reason = null)
    {
        lock (_sendLock)
        {
            RecordClose(reason);
            _sendClosed = true;
            _aborted = true;
            _length = 0;
        }
        Shutdown();
    }

    /// <summary>
    /// Stops accepting frames, sends those already queued, half-closes and waits (up to
    /// <see cref="MessagingOptions.CloseTimeout"/>) for the peer to close its side, reading its last frames meanwhile;
    /// then closes. Returns after OnConnectionClosed has run. Cancelling closes at once.
    /// </summary>
    public async ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        bool wake;
        lock (_sendLock)
        {
            RecordClose(null);
            _sendClosed = true;
            wake = _writerWaiting;
            _writerWaiting = false;
        }
        if (wake)
        {
            _wakeup.Signal();
        }
        try
        {
            await _writeLoop.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // FIN after the queued bytes; disposing now would abort them (a pending receive makes the close abortive).
                _socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
            await Completion.WaitAsync(_closeTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Close();
            await Completion.ConfigureAwait(false);
            if (e is OperationCanceledException)
            {
                throw;
            }
        }
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public ValueTask DisposeAsync() => CloseAsync();

    public override string ToString() => $"Connection({(IsInbound ? "from" : "to")} {Describe()})";

    internal void Start()
    {
        _writeLoop = Task.Run(WriteLoopAsync);
        _ = Task.Run(ReadLoopAsync);
    }

    internal string Describe() =>
        RemoteSilo is { } silo && RemoteRole == ConnectionRole.Silo ? $"silo {silo}"
        : RemoteClientId is { } client ? $"client {client}"
        : RemoteSilo is { } gateway ? $"gateway {gateway}"
        : _remoteEndpointText;

    private ConnectionClosedException Closed() => new($"Connection to {Describe()} ({_remoteEndpointText}) is closed.", _closeReason);

    private void RecordClose(Exception? reason)
    {
        if (!_closeRecorded)
        {
            _closeRecorded = true;
            _closeReason = reason;
            Volatile.Write(ref _closed, 1);
        }
    }

    private void Shutdown()
    {
        bool wake;
        lock (_sendLock)
        {
            wake = _writerWaiting;
            _writerWaiting = false;
        }
        if (wake)
        {
            _wakeup.Signal();
        }
        // Disposing the socket ends a pending receive; cancelling the read covers a reader between receives.
        try
        {
            _socket.Dispose();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _reader.CancelPendingRead();
    }

    private void EnsureCapacity(long needed)
    {
        if (needed <= _buffer!.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, Math.Min((long)_buffer.Length * 2, Array.MaxLength)));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            while (true)
            {
                byte[] batch;
                int count;
                ValueTask? wait = null;
                lock (_sendLock)
                {
                    if (_aborted || (_sendClosed && _length == 0))
                    {
                        return;
                    }
                    if (_length == 0)
                    {
                        wait = _wakeup.Arm();
                        _writerWaiting = true;
                        batch = [];
                        count = 0;
                    }
                    else
                    {
                        batch = _buffer!;
                        count = _length;
                        _buffer = _spare ?? ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
                        _spare = null;
                        _length = 0;
                    }
                }
                if (wait is { } idle)
                {
                    await idle.ConfigureAwait(false);
                    continue;
                }

                // Senders fill the other buffer meanwhile, so the next send carries everything queued during this one.
                await _socket.SendAllAsync(batch.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
                lock (_sendLock)
                {
                    _queuedBytes -= count;
                    if (_spare is null && batch.Length <= KeptBufferBytes && !_aborted)
                    {
                        _spare = batch;
                        batch = [];
                    }
                }
                if (batch.Length > 0)
                {
                    ArrayPool<byte>.Shared.Return(batch);
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    // Keeps delivering during a graceful close: the peer's last responses still count.
                    while (!_aborted && FrameCodec.TryReadFrame(ref buffer, _maxFrameBytes, _maxHeaderBytes, _typeNames, out var header, out var body))
                    {
                        Dispatch(header, body);
                    }
                }
                finally
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }

                if (_aborted || result.IsCanceled)
                {
                    break;
                }
                if (result.IsCompleted)
                {
                    Fail(buffer.IsEmpty
                        ? new ConnectionClosedException($"Connection to {Describe()} ({_remoteEndpointText}) was closed by the peer.")
                        : new MessagingProtocolException($"Peer {Describe()} closed the connection in the middle of a frame ({buffer.Length} bytes of it received)."));
                    break;
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
        Close();
        await FinishAsync().ConfigureAwait(false);
    }

    private void Dispatch(in MessageHeader header, ReadOnlySequence<byte> body)
    {
        switch (header.Kind)
        {
            case MessageKind.Ping:
                try
                {
                    Send(new MessageHeader { Kind = MessageKind.Pong, CallId = header.CallId }, default);
                }
                catch (MessagingException)
                {
                    // Closed or overloaded: a missing pong is exactly what the prober should see.
                }
                return;
            case MessageKind.Pong:
                TaskCompletionSource<bool>? pong;
                lock (_pings)
                {
                    _pings.Remove(header.CallId, out pong);
                }
                pong?.TrySetResult(true);
                return;
        }
        try
        {
            _handler.OnMessage(this, in header, body);
        }
        catch (Exception e)
        {
            _logger.HandlerFailed(e, header.ToString(), Describe());
        }
    }

    private void Fail(Exception error)
    {
        if (!_aborted && error is MessagingProtocolException)
        {
            _logger.ProtocolViolation(Describe(), _remoteEndpointText, error.Message);
        }
        if (error is SocketException or IOException or ObjectDisposedException)
        {
            error = new ConnectionClosedException($"Connection to {Describe()} ({_remoteEndpointText}) broke: {error.Message}", error);
        }
        Close(error);
    }

    private async Task FinishAsync()
    {
        await _writeLoop.ConfigureAwait(false);
        await _reader.CompleteAsync().ConfigureAwait(false);
        Exception? reason;
        lock (_sendLock)
        {
            reason = _closeReason;
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
            if (_spare is not null)
            {
                ArrayPool<byte>.Shared.Return(_spare);
                _spare = null;
            }
            _queuedBytes = 0;
        }
        List<TaskCompletionSource<bool>> pending;
        lock (_pings)
        {
            pending = [.. _pings.Values];
            _pings.Clear();
        }
        foreach (var ping in pending)
        {
            ping.TrySetResult(false);
        }

        _logger.ConnectionClosed(Describe(), _remoteEndpointText, reason?.Message ?? "closed locally");
        try
        {
            _handler.OnConnectionClosed(this, reason);
        }
        catch (Exception e)
        {
            _logger.CloseHandlerFailed(e, Describe());
        }
        _completion.TrySetResult();
    }
}
