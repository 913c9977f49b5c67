using System.Buffers;
using System.Net;
using System.Text;
using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Client;

/// <summary>
/// A client's router: every call goes to one of the connected gateway silos (chosen by the grain's hash, so one
/// gateway tends to serve one grain and its location cache stays warm), which routes it on. A gateway that goes away
/// fails the calls in flight on it; new calls use the others while it is reconnected in the background.
/// </summary>
internal sealed class GatewayRouter : IGrainCallRouter, IMessageHandler, IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly RemoteCallSender _sender;
    private readonly GatewayOptions _options;
    private readonly IMembershipTable? _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, Connection> _connected = [];
    private readonly CancellationTokenSource _closing = new();
    private Connection[] _live = [];
    private IReadOnlyList<IPEndPoint> _gateways = [];
    private ITimer? _refreshTimer;
    private int _refreshing;

    public GatewayRouter(ConnectionFactory factory, RemoteCallSender sender, GatewayOptions options, IMembershipTable? table, TimeProvider time, ILogger logger)
    {
        _factory = factory;
        _sender = sender;
        _options = options;
        _table = table;
        _time = time;
        _logger = logger;
    }

    /// <summary>This client's identity at its gateways.</summary>
    public Guid ClientId { get; } = Guid.NewGuid();

    /// <summary>The gateways connected now.</summary>
    public IReadOnlyList<IPEndPoint> ConnectedGateways
    {
        get
        {
            lock (_gate)
            {
                return [.. _connected.Keys];
            }
        }
    }

    /// <summary>Connects to the gateways; completes once at least one is connected, fails when none answers in time.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.InitialConnectTimeout);
        var problems = new List<string>();
        while (true)
        {
            problems.Clear();
            try
            {
                await RefreshAsync(problems, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            if (Volatile.Read(ref _live).Length > 0)
            {
                break;
            }
            if (timeout.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new SiloUnavailableException(
                    $"The client could not connect to any gateway within {_options.InitialConnectTimeout}: " +
                    (problems.Count == 0 ? "no gateway is configured or listed as Active in the membership table." : string.Join("; ", problems)));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), _time, timeout.Token).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        _refreshTimer = _time.CreateTimer(static state => ((GatewayRouter)state!).OnRefreshTimer(), this, _options.GatewayRefreshPeriod, _options.GatewayRefreshPeriod);
    }

    public void Route(GrainRequest request)
    {
        var live = Volatile.Read(ref _live);
        if (live.Length == 0)
        {
            request.FailUndelivered(new SiloUnavailableException(
                $"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} cannot be sent: the client has no connected gateway."));
            return;
        }
        var connection = live[(int)(request.TargetGrainId.GetUniformHashCode() % (uint)live.Length)];
        _sender.Send(connection, connection.RemoteSilo, request);
    }

    public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        switch (header.Kind)
        {
            case MessageKind.Response or MessageKind.Failure:
                _sender.OnResponse(connection, header, body);
                break;
            case MessageKind.Rejection:
                if (_sender.OnRejection(connection, header, body) is { } retry)
                {
                    Route(retry);
                }
                break;
            case MessageKind.Request:
                // Nothing in a client takes calls yet; say so instead of leaving the caller to time out.
                try
                {
                    connection.Send(new MessageHeader { Kind = MessageKind.Rejection, CallId = header.CallId, Rejection = RejectionReason.Unrecoverable },
                        Encoding.UTF8.GetBytes("a cluster client does not accept grain calls"));
                }
                catch (MessagingException)
                {
                }
                break;
        }
    }

    public void OnConnectionClosed(Connection connection, Exception? reason)
    {
        lock (_gate)
        {
            foreach (var (endpoint, existing) in _connected)
            {
                if (ReferenceEquals(existing, connection))
                {
                    _connected.Remove(endpoint);
                    break;
                }
            }
            Volatile.Write(ref _live, [.. _connected.Values]);
        }
        if (!_closing.IsCancellationRequested)
        {
            _logger.LogWarning("Lost the connection to gateway {Gateway}: {Reason}", connection.RemoteSilo, reason?.Message ?? "closed");
        }
        _sender.OnConnectionClosed(connection, reason);
    }

    private void OnRefreshTimer()
    {
        if (_closing.IsCancellationRequested || Interlocked.Exchange(ref _refreshing, 1) != 0)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshAsync([], _closing.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogWarning(exception, "Refreshing the client's gateways failed; retried in {Period}", _options.GatewayRefreshPeriod);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Volatile.Write(ref _refreshing, 0);
            }
        });
    }

    // Re-reads the gateway list (from the table when no static list is configured) and connects the missing ones.
    private async Task RefreshAsync(List<string> problems, CancellationToken cancellationToken)
    {
        if (_options.Gateways.Count > 0)
        {
            _gateways = [.. _options.Gateways];
        }
        else if (_table is not null)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            _gateways = [.. snapshot.Rows
                .Select(r => r.Entry)
                .Where(e => e.Status == SiloStatus.Active && e.ProxyPort is not null)
                .Select(e => new IPEndPoint(e.Silo.Endpoint.Address, e.ProxyPort!.Value))];
        }
        foreach (var gateway in _gateways)
        {
            lock (_gate)
            {
                if (_connected.ContainsKey(gateway))
                {
                    continue;
                }
            }
            try
            {
                var connection = await _factory.ConnectToGatewayAsync(gateway, ClientId, this, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_closing.IsCancellationRequested || connection.IsClosed)
                    {
                        connection.Close();
                        continue;
                    }
                    _connected[gateway] = connection;
                    Volatile.Write(ref _live, [.. _connected.Values]);
                }
                _logger.LogInformation("Connected to gateway {Gateway} ({Silo})", gateway, connection.RemoteSilo);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                problems.Add($"{gateway}: {exception.Message}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing.Cancel();
        _refreshTimer?.Dispose();
        Connection[] connections;
        lock (_gate)
        {
            connections = [.. _connected.Values];
            _connected.Clear();
            _live = [];
        }
        foreach (var connection in connections)
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
        _sender.FailAll("the client closed.");
    }
}
