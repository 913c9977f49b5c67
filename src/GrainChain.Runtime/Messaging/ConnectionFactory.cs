using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Messaging;

/// <summary>Opens outbound connections: silo to silo (expecting one exact incarnation) and client to gateway.</summary>
public sealed class ConnectionFactory
{
    private readonly MessagingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ConnectionFactory(IOptions<MessagingOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<Connection>();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Connects to <paramref name="target"/> as silo <paramref name="localSilo"/>. The acceptor refuses unless it is
    /// exactly that incarnation (<see cref="ConnectionRefusedException"/>); socket errors and timeouts propagate.
    /// </summary>
    public Task<Connection> ConnectToSiloAsync(SiloAddress target, SiloAddress localSilo, IMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(localSilo);
        var preamble = new HandshakePreamble(HandshakeCodec.ProtocolVersion, ConnectionRole.Silo, _options.ClusterId, localSilo, Guid.Empty, target);
        return ConnectAsync(target.Endpoint, preamble, handler, cancellationToken);
    }

    /// <summary>Connects to a gateway silo as client <paramref name="clientId"/>; the connection's RemoteSilo is the gateway's address.</summary>
    public Task<Connection> ConnectToGatewayAsync(IPEndPoint gateway, Guid clientId, IMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var preamble = new HandshakePreamble(HandshakeCodec.ProtocolVersion, ConnectionRole.Client, _options.ClusterId, null, clientId, null);
        return ConnectAsync(gateway, preamble, handler, cancellationToken);
    }

    private async Task<Connection> ConnectAsync(IPEndPoint endpoint, HandshakePreamble preamble, IMessageHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        System.IO.Pipelines.PipeReader? reader = null;
        try
        {
            SocketPipe.Configure(socket);
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connectTimeout.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(endpoint, connectTimeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Connecting to {endpoint} took longer than {_options.ConnectTimeout}.");
                }
            }

            reader = SocketPipe.CreateReader(socket, _options);
            SiloAddress acceptor;
            using (var handshakeTimeout = new CancellationTokenSource(_options.HandshakeTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handshakeTimeout.Token))
            {
                try
                {
                    acceptor = await ConnectionHandshake.ConnectAsync(socket, reader, preamble, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"The handshake with {endpoint} took longer than {_options.HandshakeTimeout}.");
                }
            }

            var connection = new Connection(socket, reader, handler, isInbound: false, ConnectionRole.Silo, acceptor, null, _options, _logger, _time);
            _logger.ConnectionEstablished("to", connection.Describe(), endpoint.ToString());
            connection.Start();
            return connection;
        }
        catch
        {
            if (reader is not null)
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }
            socket.Dispose();
            throw;
        }
    }
}
