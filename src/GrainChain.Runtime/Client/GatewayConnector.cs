using System.Net;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Client;

/// <summary>
/// Keeps a client connected: finds the gateways (the configured list, or the Active silos' gateway ports in the
/// membership table), connects the missing ones in parallel, and retries unreachable ones with back-off. One loop
/// does it all, every <see cref="GatewayOptions.GatewayRefreshPeriod"/> and at once when a gateway is lost.
/// </summary>
internal sealed class GatewayConnector : IAsyncDisposable
{
    private readonly ConnectionFactory _factory;
    private readonly GatewayRouter _router;
    private readonly GatewayOptions _options;
    private readonly IMembershipTable? _table;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GatewayBackoff _backoff;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<IPEndPoint, string> _problems = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<IPEndPoint> _gateways = [];
    private Task _loop = Task.CompletedTask;
    private string? _tableProblem;

    public GatewayConnector(
        ConnectionFactory factory, GatewayRouter router, GatewayOptions options, MessagingOptions messaging, IMembershipTable? table, TimeProvider time, ILogger logger)
    {
        _factory = factory;
        _router = router;
        _options = options;
        _table = table;
        _time = time;
        _logger = logger;
        _backoff = new GatewayBackoff(messaging.ReconnectBackoffInitial, messaging.ReconnectBackoffMax);
        _router.GatewayLost += Wake;
    }

    /// <summary>This client's identity at its gateways.</summary>
    public Guid ClientId { get; } = Guid.NewGuid();

    /// <summary>
    /// Connects; completes once at least one gateway takes calls, then keeps the gateways connected in the
    /// background. Throws <see cref="ConnectionRefusedException"/> when the gateways that answered all refused this
    /// client (a wrong cluster id, say), and <see cref="SiloUnavailableException"/> when none answered within
    /// <see cref="GatewayOptions.InitialConnectTimeout"/>.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_options.Gateways.Count == 0 && _table is null)
        {
            throw new InvalidOperationException(
                "The cluster client has no way to find a gateway: configure UseStaticGateways, or register the cluster's membership table (e.g. UseSqliteMembership).");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        deadline.CancelAfter(_options.InitialConnectTimeout);
        while (true)
        {
            List<string> refusals;
            try
            {
                refusals = await RefreshAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                refusals = [];
            }
            if (_router.HasGateways)
            {
                break;
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (refusals.Count > 0)
            {
                // A refusal is the gateway's verdict on this client's configuration; retrying cannot change it.
                throw new ConnectionRefusedException($"The cluster client was refused by its gateways: {string.Join("; ", refusals)}");
            }
            if (deadline.IsCancellationRequested)
            {
                throw new SiloUnavailableException(
                    $"The cluster client could not connect to any gateway within {_options.InitialConnectTimeout}: {DescribeProblems()}");
            }
            await WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Stops the background loop and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _router.GatewayLost -= Wake;
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }
        await _loop.ConfigureAwait(false);
    }

    /// <summary>Stops the background loop without waiting (synchronous disposal).</summary>
    public void Stop()
    {
        _router.GatewayLost -= Wake;
        _stopping.Cancel();
    }

    private void Wake() => Volatile.Read(ref _wake).TrySetResult();

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            await WaitAsync(token).ConfigureAwait(false);
            if (token.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await RefreshAsync(token).ConfigureAwait(false);
                _router.SweepAbandoned();
            }
            catch (Exception exception) when (!token.IsCancellationRequested)
            {
                _logger.RefreshFailed(exception, _options.GatewayRefreshPeriod);
            }
            catch (Exception)
            {
                // Stopping: whatever the interrupted round ran into no longer matters, and the loop must not fault.
                return;
            }
        }
    }

    // Waits for the refresh period, the next back-off expiry of a missing gateway, or a wake-up, whichever is first.
    private async Task WaitAsync(CancellationToken cancellationToken)
    {
        var wake = Volatile.Read(ref _wake);
        var now = _time.GetUtcNow();
        var delay = _options.GatewayRefreshPeriod;
        if (_backoff.NextRetry(_gateways.Where(g => !_router.IsConnected(g))) is { } retryAt && retryAt - now < delay)
        {
            delay = retryAt > now ? retryAt - now : TimeSpan.Zero;
        }
        if (delay > TimeSpan.Zero && !wake.Task.IsCompleted)
        {
            using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(delay, _time, sleep.Token);
            await Task.WhenAny(timer, wake.Task).ConfigureAwait(false);
            sleep.Cancel();
            // Observe the delay's cancellation so it never surfaces as an unobserved exception.
            await timer.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
        if (wake.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
        }
    }

    // One round: re-read the list, connect the missing gateways that are not in back-off (in parallel, then the
    // outcomes are applied one by one on this loop). Returns the refusals.
    private async Task<List<string>> RefreshAsync(CancellationToken cancellationToken)
    {
        await ReadGatewaysAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var due = _gateways.Where(g => !_router.IsConnected(g) && _backoff.IsDue(g, now)).ToList();
        var refusals = new List<string>();
        if (due.Count == 0)
        {
            return refusals;
        }
        var outcomes = await Task.WhenAll(due.Select(g => TryConnectAsync(g, cancellationToken))).ConfigureAwait(false);
        foreach (var (gateway, connection, error) in outcomes)
        {
            if (connection is not null)
            {
                _backoff.Succeeded(gateway);
                _problems.Remove(gateway);
                if (_router.Adopt(gateway, connection))
                {
                    _logger.GatewayConnected(gateway, connection.RemoteSilo!);
                }
                else
                {
                    connection.Close();
                }
            }
            else if (error is ConnectionRefusedException)
            {
                _problems[gateway] = error.Message;
                _backoff.Failed(gateway, _time.GetUtcNow());
                _logger.GatewayRefused(gateway, error.Message);
                refusals.Add(error.Message);
            }
            else if (error is not null)
            {
                _problems[gateway] = error.Message;
                var (failures, wait) = _backoff.Failed(gateway, _time.GetUtcNow());
                if (failures == 1)
                {
                    _logger.GatewayUnreachable(gateway, error.Message, wait);
                }
                else
                {
                    _logger.GatewayStillUnreachable(gateway, failures, error.Message, wait);
                }
            }
        }
        return refusals;
    }

    private async Task ReadGatewaysAsync(CancellationToken cancellationToken)
    {
        if (_options.Gateways.Count > 0)
        {
            _gateways = [.. _options.Gateways];
            return;
        }
        MembershipTableSnapshot snapshot;
        try
        {
            snapshot = await _table!.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The table may not exist yet (the cluster is starting) or be briefly unreachable: keep the last list.
            if (_tableProblem is null)
            {
                _logger.GatewayListUnreadable(exception, _options.GatewayRefreshPeriod);
            }
            _tableProblem = $"the membership table could not be read ({exception.Message})";
            return;
        }
        _tableProblem = null;
        var listed = snapshot.Rows
            .Select(r => r.Entry)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort is not null)
            .Select(e => new IPEndPoint(e.Silo.Endpoint.Address, e.ProxyPort!.Value))
            .Distinct()
            .ToList();
        _gateways = listed;
        _backoff.Retain(listed);
        foreach (var gone in _problems.Keys.Where(g => !listed.Contains(g)).ToList())
        {
            _problems.Remove(gone);
        }
        _router.SetListed(listed);
    }

    // Never throws: returns the open connection, or why there is none (null error: cancelled).
    private async Task<(IPEndPoint Gateway, Connection? Connection, Exception? Error)> TryConnectAsync(IPEndPoint gateway, CancellationToken cancellationToken)
    {
        try
        {
            return (gateway, await _factory.ConnectToGatewayAsync(gateway, ClientId, _router, cancellationToken).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (gateway, null, null);
        }
        catch (Exception exception)
        {
            return (gateway, null, exception);
        }
    }

    private string DescribeProblems()
    {
        var problems = _problems.Select(p => $"{p.Key}: {p.Value}").ToList();
        if (_tableProblem is not null)
        {
            problems.Insert(0, _tableProblem);
        }
        return problems.Count > 0
            ? string.Join("; ", problems)
            : _options.Gateways.Count > 0 ? "no connect attempt finished in time" : "the membership table lists no Active gateway";
    }
}
