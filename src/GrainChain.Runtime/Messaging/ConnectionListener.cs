using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Accepts silos and clients on one TCP port. Each accepted socket must finish the handshake within
/// <see cref="MessagingOptions.HandshakeTimeout"/>; refusals and protocol violations are logged and drop only that socket.
/// </summary>
public sealed class ConnectionListener : IAsyncDisposable
{
    private readonly MessagingOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Connection> _connections = [];
    private readonly HashSet<Socket> _handshaking = [];
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private SiloAddress? _localSilo;
    private IMessageHandler? _handler;
    private SiloConnectionCache? _siloConnections;
    private bool _disposed;

    public ConnectionListener(IOptions<MessagingOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ConnectionListener>();
        _connectionLogger = loggerFactory.CreateLogger<Connection>();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Raised for every accepted connection (silo or client) after its handshake and before its first message is
    /// read; handlers must be quick and must not throw.
    /// </summary>
    public event Action<Connection>? ConnectionAccepted;

    /// <summary>The endpoint bound by <see cref="Bind"/>, with the actual port; null before.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>Binds and listens on <paramref name="endpoint"/> (port 0 picks a free port) and returns the bound endpoint. Nothing is accepted before <see cref="Start"/>.</summary>
    public IPEndPoint Bind(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_socket is not null)
            {
                throw new InvalidOperationException($"The listener is already bound to {LocalEndPoint}.");
            }
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(endpoint);
                socket.Listen(_options.ListenBacklog);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            _socket = socket;
            LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        }
        _logger.ListenerBound(_options.ClusterId, LocalEndPoint.ToString());
        return LocalEndPoint;
    }

    /// <summary>
    /// Starts accepting as <paramref name="localSilo"/> (whose endpoint is normally the bound one). Every accepted
    /// connection delivers to <paramref name="handler"/>; when <paramref name="siloConnections"/> is given, it
    /// vets silos (refusing those marked dead) and adopts their connections for sending back.
    /// </summary>
    public void Start(SiloAddress localSilo, IMessageHandler handler, SiloConnectionCache? siloConnections = null)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_socket is null)
            {
                throw new InvalidOperationException("Bind the listener before starting it.");
            }
            if (_handler is not null)
            {
                throw new InvalidOperationException("The listener is already started.");
            }
            _localSilo = localSilo;
            _handler = handler;
            _siloConnections = siloConnections;
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }
    }

    /// <summary>Stops accepting, drops sockets still handshaking and closes every accepted connection (each reports OnConnectionClosed).</summary>
    public async ValueTask DisposeAsync()
    {
        Connection[] connections;
        Socket[] handshaking;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            connections = [.. _connections];
            handshaking = [.. _handshaking];
        }
        _stopping.Cancel();
        _socket?.Dispose();
        foreach (var socket in handshaking)
        {
            socket.Dispose();
        }
        await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in connections)
        {
            connection.Close();
        }
        await Task.WhenAll(connections.Select(c => c.Completion)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var listening = _socket!;
        while (!_stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listening.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                // The peer gave up before we accepted; nothing to serve.
                continue;
            }
            catch (Exception e)
            {
                _logger.AcceptFailed(e, LocalEndPoint?.ToString() ?? "");
                return;
            }
            _ = HandshakeAsync(accepted);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "(unknown)";
        bool admitted;
        lock (_gate)
        {
            admitted = !_disposed && _handshaking.Count < _options.MaxPendingHandshakes;
            if (admitted)
            {
                _handshaking.Add(socket);
            }
        }
        if (!admitted)
        {
            if (!_disposed)
            {
                _logger.HandshakeFailed(remote, $"{_options.MaxPendingHandshakes} other sockets are already in their handshake");
            }
            socket.Dispose();
            return;
        }

        System.IO.Pipelines.PipeReader? reader = null;
        Connection? connection = null;
        try
        {
            SocketPipe.Configure(socket);
            reader = SocketPipe.CreateReader(socket, _options);
            HandshakePreamble? preamble;
            string? refusal;
            using (var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token))
            {
                _logger.HandshakeStarted(remote, _options.HandshakeTimeout);
                try
                {
                    (preamble, refusal) = await ConnectionHandshake.AcceptAsync(
                        socket, reader, _options.ClusterId, _localSilo!, _siloConnections is { } cache ? cache.AdmitInbound : null, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                    _logger.HandshakeFailed(remote, $"no complete handshake within {_options.HandshakeTimeout}");
                    return;
                }
            }
            if (preamble is null)
            {
                _logger.HandshakeRefused(remote, refusal!);
                return;
            }

            connection = new Connection(
                socket, reader, _handler!, isInbound: true, preamble.Role,
                preamble.Role == ConnectionRole.Silo ? preamble.Silo : null,
                preamble.Role == ConnectionRole.Client ? preamble.ClientId : null,
                _options, _connectionLogger, _time);
            lock (_gate)
            {
                _handshaking.Remove(socket);
                admitted = !_disposed;
                if (admitted)
                {
                    _connections.Add(connection);
                }
            }
            if (admitted)
            {
                var accepted = connection;
                _ = accepted.Completion.ContinueWith(
                    (_, state) => ((ConnectionListener)state!).Forget(accepted), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                _logger.ConnectionEstablished("from", connection.Describe(), remote);
                if (preamble.Role == ConnectionRole.Silo)
                {
                    _siloConnections?.AdoptInbound(connection);
                }
                try
                {
                    ConnectionAccepted?.Invoke(connection);
                }
                catch (Exception e)
                {
                    _logger.AcceptObserverFailed(e, connection.Describe());
                }
            }
            else
            {
                // Started anyway so that it reports its end like every other connection.
                connection.Close();
            }
            connection.Start();
        }
        catch (MessagingProtocolException e)
        {
            _logger.HandshakeFailed(remote, e.Message);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.HandshakeFailed(remote, e.Message);
        }
        finally
        {
            if (connection is null)
            {
                lock (_gate)
                {
                    _handshaking.Remove(socket);
                }
                if (reader is not null)
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }
                socket.Dispose();
            }
        }
    }

    private void Forget(Connection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }
}
