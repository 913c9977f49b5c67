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
/// gateway tends to serve one grain and its location cache stays warm), which routes it on. A gateway whose
/// connection closes is dropped from the routing set before the calls in flight on it fail, so a caller that
/// retries at once reaches another gateway. <see cref="GatewayConnector"/> adds gateways.
/// </summary>
internal sealed class GatewayRouter : IGrainCallRouter, IMessageHandler
{
    private readonly RemoteCallSender _sender;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<IPEndPoint, Connection> _connected = [];
    private HashSet<IPEndPoint>? _listed;
    private Connection[] _live = [];
    private TaskCompletionSource _changed = NewSignal();
    private bool _closed;

    public GatewayRouter(RemoteCallSender sender, ILogger logger)
    {
        _sender = sender;
        _logger = logger;
    }

    /// <summary>Raised (outside any lock) when a gateway connection closed while the client runs, so it is replaced soon.</summary>
    public event Action? GatewayLost;

    /// <summary>The gateways new calls are routed to now.</summary>
    public IReadOnlyList<SiloAddress> Gateways => [.. Volatile.Read(ref _live).Select(c => c.RemoteSilo!)];

    /// <summary>True when at least one gateway takes calls.</summary>
    public bool HasGateways => Volatile.Read(ref _live).Length > 0;

    /// <summary>True when a connection to <paramref name="gateway"/> is open (whether or not it takes new calls).</summary>
    public bool IsConnected(IPEndPoint gateway)
    {
        lock (_gate)
        {
            return _connected.ContainsKey(gateway);
        }
    }

    /// <summary>
    /// Takes a freshly opened gateway connection into the routing set. False when the client is closing, the
    /// connection already closed, or the gateway is already connected: the caller then closes it.
    /// </summary>
    public bool Adopt(IPEndPoint gateway, Connection connection)
    {
        lock (_gate)
        {
            // OnConnectionClosed also takes the lock, and IsClosed is set before it runs: a connection that closes
            // from here on is found in _connected and removed there.
            if (_closed || connection.IsClosed || _connected.ContainsKey(gateway))
            {
                return false;
            }
            _connected[gateway] = connection;
            Publish();
        }
        return true;
    }

    /// <summary>
    /// Restricts new calls to the gateways the membership table lists as Active (null: every connected gateway). A
    /// connection to an unlisted gateway stays open for the responses still due on it.
    /// </summary>
    public void SetListed(IReadOnlyCollection<IPEndPoint>? listed)
    {
        List<SiloAddress> dropped = [];
        lock (_gate)
        {
            _listed = listed is null ? null : [.. listed];
            var before = _live;
            Publish();
            dropped.AddRange(before.Where(c => !_live.Contains(c)).Select(c => c.RemoteSilo!));
        }
        foreach (var silo in dropped)
        {
            _logger.GatewayNotListed(silo);
        }
    }

    /// <summary>The gateway a call to <paramref name="grain"/> would go to now; null when none is connected.</summary>
    public SiloAddress? GatewayFor(GrainId grain)
    {
        var live = Volatile.Read(ref _live);
        return live.Length == 0 ? null : live[(int)(grain.GetUniformHashCode() % (uint)live.Length)].RemoteSilo;
    }

    /// <summary>Completes once the gateways that take calls satisfy <paramref name="condition"/> (checked now and after each change).</summary>
    public async Task WaitForGatewaysAsync(Func<IReadOnlyList<SiloAddress>, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            if (condition(Gateways))
            {
                return;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Route(GrainRequest request)
    {
        var live = Volatile.Read(ref _live);
        if (live.Length > 0)
        {
            int first = (int)(request.TargetGrainId.GetUniformHashCode() % (uint)live.Length);
            for (int i = 0; i < live.Length; i++)
            {
                // A connection that closed an instant ago is still listed until its close is reported; the call
                // has not been sent, so another gateway can take it.
                var connection = live[(first + i) % live.Length];
                if (!connection.IsClosed)
                {
                    _sender.Send(connection, connection.RemoteSilo, request);
                    return;
                }
            }
        }
        request.FailUndelivered(new SiloUnavailableException(Volatile.Read(ref _closed)
            ? $"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} cannot be sent: the cluster client is stopped (or stopping)."
            : $"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} cannot be sent: the client has no connected gateway (it keeps reconnecting)."));
    }

    /// <summary>Releases calls whose callers timed out and whose response never came.</summary>
    public void SweepAbandoned() => _sender.Calls.SweepAbandoned();

    public void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body)
    {
        switch (header.Kind)
        {
            case MessageKind.Response or MessageKind.Failure or MessageKind.Rejection:
                // Completing a call runs the caller's continuation inline, and in a client that is user code (which
                // may block, or dispose the client and wait for this very read loop). It runs on the thread pool.
                ThreadPool.UnsafeQueueUserWorkItem(new InboundFrame(this, connection, header, body.ToArray()), preferLocal: false);
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
        bool lost = false;
        lock (_gate)
        {
            foreach (var (endpoint, existing) in _connected)
            {
                if (ReferenceEquals(existing, connection))
                {
                    _connected.Remove(endpoint);
                    lost = !_closed;
                    Publish();
                    break;
                }
            }
        }
        if (lost)
        {
            _logger.GatewayLost(connection.RemoteSilo!, reason?.Message ?? "closed");
            GatewayLost?.Invoke();
        }
        // After the routing set no longer has it (a caller that retries on this failure reaches another gateway),
        // and off the read loop, like responses.
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Sender.OnConnectionClosed(state.Connection, state.Reason), (Sender: _sender, Connection: connection, Reason: reason), preferLocal: false);
    }

    private void Deliver(Connection connection, in MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.Kind == MessageKind.Rejection)
        {
            if (_sender.OnRejection(connection, header, body) is { } retry)
            {
                Route(retry);
            }
        }
        else
        {
            _sender.OnResponse(connection, header, body);
        }
    }

    /// <summary>Stops routing (new calls fail at once) and returns the open connections for the caller to close.</summary>
    public Connection[] Close()
    {
        lock (_gate)
        {
            _closed = true;
            var connections = _connected.Values.ToArray();
            _connected.Clear();
            Publish();
            return connections;
        }
    }

    /// <summary>Completes once no call sent through a gateway waits for its response (after <see cref="Close"/>).</summary>
    public Task WhenCallsDrainedAsync() => _sender.Calls.WhenDrainedAsync();

    /// <summary>Fails every call still waiting for a response: the client has stopped.</summary>
    public void FailPending() => _sender.FailAll("the cluster client stopped.");

    // Under _gate: recomputes the routing set and wakes the waiters of WaitForGatewaysAsync.
    private void Publish()
    {
        var live = _connected.Where(pair => _listed is null || _listed.Count == 0 || _listed.Contains(pair.Key)).Select(pair => pair.Value).ToArray();
        Volatile.Write(ref _live, live);
        _changed.TrySetResult();
        _changed = NewSignal();
    }

    // A response, failure or rejection copied off the connection's buffer, delivered on the thread pool.
    private sealed class InboundFrame(GatewayRouter router, Connection connection, MessageHeader header, byte[] body) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            try
            {
                router.Deliver(connection, header, new ReadOnlySequence<byte>(body));
            }
            catch (Exception exception)
            {
                router._logger.ResponseDeliveryFailed(exception, connection.RemoteSilo!);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
