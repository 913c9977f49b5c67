using System.Diagnostics.CodeAnalysis;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// One live connection per remote silo for sending: opened on first use, reused when the silo connected to us,
/// reopened on demand after it breaks. Failed connects back off exponentially on the injected clock; a silo
/// marked dead is cut off and refused for good.
/// </summary>
public sealed class SiloConnectionCache : IAsyncDisposable
{
    private readonly IMessageHandler _handler;
    private readonly ConnectionFactory _factory;
    private readonly MessagingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, SiloLink> _links = [];
    private readonly HashSet<SiloAddress> _dead = [];
    private bool _disposed;

    public SiloConnectionCache(SiloAddress localSilo, IMessageHandler handler, IOptions<MessagingOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(localSilo);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        LocalSilo = localSilo;
        _handler = handler;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        _factory = new ConnectionFactory(options, loggerFactory, _time);
        _logger = loggerFactory.CreateLogger<SiloConnectionCache>();
    }

    /// <summary>The silo this cache sends from.</summary>
    public SiloAddress LocalSilo { get; }

    /// <summary>
    /// The open connection to <paramref name="silo"/>, connecting if there is none. Concurrent callers share one
    /// connect attempt. Throws <see cref="SiloUnavailableException"/> when the silo is marked dead, in back-off after
    /// a failed connect, or the connect fails (the inner exception says why, e.g. <see cref="ConnectionRefusedException"/>).
    /// </summary>
    public ValueTask<Connection> GetConnectionAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo == LocalSilo)
        {
            throw new ArgumentException($"Silo {silo} is this silo; local calls do not go through a connection.", nameof(silo));
        }
        Task<Connection> connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_dead.Contains(silo))
            {
                throw new SiloUnavailableException($"Silo {silo} is marked dead.");
            }
            var link = GetLink(silo);
            if (link.Preferred is { IsClosed: false } open)
            {
                return ValueTask.FromResult(open);
            }
            if (link.Connecting is null)
            {
                if (link.Failures > 0 && _time.GetTimestamp() < link.RetryAt)
                {
                    var wait = _time.GetElapsedTime(_time.GetTimestamp(), link.RetryAt);
                    throw new SiloUnavailableException(
                        $"Silo {silo} is unreachable ({link.Failures} failed connects, last: {link.LastError?.Message}); next attempt in {wait}.", link.LastError);
                }
                link.Connecting = ConnectAsync(silo, link);
            }
            connecting = link.Connecting;
        }
        return new ValueTask<Connection>(connecting.WaitAsync(cancellationToken));
    }

    /// <summary>The open connection to <paramref name="silo"/> if there is one; never connects.</summary>
    public bool TryGetConnection(SiloAddress silo, [MaybeNullWhen(false)] out Connection connection)
    {
        lock (_gate)
        {
            if (_links.TryGetValue(silo, out var link) && link.Preferred is { IsClosed: false } open && !_dead.Contains(silo))
            {
                connection = open;
                return true;
            }
        }
        connection = null;
        return false;
    }

    /// <summary>True once <see cref="MarkDead"/> was called for <paramref name="silo"/>.</summary>
    public bool IsMarkedDead(SiloAddress silo)
    {
        lock (_gate)
        {
            return _dead.Contains(silo);
        }
    }

    /// <summary>
    /// Cuts the silo off: its connections close (their in-flight calls fail through OnConnectionClosed) and from
    /// now on it is neither connected to nor accepted.
    /// </summary>
    public void MarkDead(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        List<Connection> toClose;
        lock (_gate)
        {
            if (!_dead.Add(silo))
            {
                return;
            }
            toClose = _links.Remove(silo, out var link) ? link.Open : [];
        }
        _logger.SiloMarkedDead(silo.ToString());
        var reason = new ConnectionClosedException($"Silo {silo} was declared dead.");
        foreach (var connection in toClose)
        {
            connection.Close(reason);
        }
    }

    /// <summary>Closes every connection and stops connecting.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Connection> toClose = [];
        List<Task> connecting = [];
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var link in _links.Values)
            {
                toClose.AddRange(link.Open);
                if (link.Connecting is { } pending)
                {
                    connecting.Add(pending);
                }
            }
            _links.Clear();
        }
        _disposing.Cancel();
        foreach (var connection in toClose)
        {
            connection.Close();
        }
        await Task.WhenAll(connecting.Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default))).ConfigureAwait(false);
        await Task.WhenAll(toClose.Select(c => c.Completion)).ConfigureAwait(false);
        _disposing.Dispose();
    }

    /// <summary>Handshake check for an inbound silo: null admits it, otherwise the refusal reason.</summary>
    internal string? AdmitInbound(SiloAddress remote)
    {
        lock (_gate)
        {
            return _dead.Contains(remote) ? $"silo {remote} was declared dead by this silo" : null;
        }
    }

    /// <summary>Takes an inbound silo connection for sending back when there is no open connection to that silo yet.</summary>
    internal void AdoptInbound(Connection connection)
    {
        var silo = connection.RemoteSilo!;
        bool refused;
        lock (_gate)
        {
            refused = _disposed || _dead.Contains(silo);
            if (!refused)
            {
                var link = GetLink(silo);
                Track(link, connection);
                // The silo just reached us, so any back-off from earlier failed connects is moot.
                link.Failures = 0;
                link.LastError = null;
            }
        }
        if (refused)
        {
            connection.Close(new ConnectionClosedException($"Silo {silo} was declared dead."));
            return;
        }
        Watch(silo, connection);
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo, SiloLink link)
    {
        // Run the connect off the caller's lock-holding stack.
        await Task.Yield();
        Connection connection;
        try
        {
            connection = await _factory.ConnectToSiloAsync(silo, LocalSilo, _handler, _disposing.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TimeSpan backoff;
            int failures;
            lock (_gate)
            {
                link.Connecting = null;
                link.Failures++;
                link.LastError = e;
                failures = link.Failures;
                backoff = ReconnectBackoff.After(failures, _options.ReconnectBackoffInitial, _options.ReconnectBackoffMax);
                link.RetryAt = _time.GetTimestamp() + (long)(backoff.TotalSeconds * _time.TimestampFrequency);
            }
            _logger.ConnectFailed(silo.ToString(), failures, backoff, e.Message);
            throw new SiloUnavailableException($"Could not connect to silo {silo}: {e.Message}", e);
        }

        bool keep;
        lock (_gate)
        {
            link.Connecting = null;
            keep = !_disposed && !_dead.Contains(silo);
            if (keep)
            {
                link.Failures = 0;
                link.LastError = null;
                Track(link, connection);
                link.Preferred = connection;
            }
        }
        if (!keep)
        {
            connection.Close();
            throw new SiloUnavailableException($"Silo {silo} was marked dead while connecting to it.");
        }
        Watch(silo, connection);
        return connection;
    }

    private SiloLink GetLink(SiloAddress silo)
    {
        if (!_links.TryGetValue(silo, out var link))
        {
            link = new SiloLink();
            _links[silo] = link;
        }
        return link;
    }

    private static void Track(SiloLink link, Connection connection)
    {
        link.Open.Add(connection);
        if (link.Preferred is null || link.Preferred.IsClosed)
        {
            link.Preferred = connection;
        }
    }

    private void Watch(SiloAddress silo, Connection connection) =>
        connection.Completion.ContinueWith(
            (_, state) => ((SiloConnectionCache)state!).Forget(silo, connection), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private void Forget(SiloAddress silo, Connection connection)
    {
        lock (_gate)
        {
            if (!_links.TryGetValue(silo, out var link))
            {
                return;
            }
            link.Open.Remove(connection);
            if (link.Preferred == connection)
            {
                link.Preferred = link.Open.FirstOrDefault(c => !c.IsClosed);
            }
            if (link.Open.Count == 0 && link.Connecting is null && link.Failures == 0)
            {
                _links.Remove(silo);
            }
        }
    }

    /// <summary>What the cache knows about one remote silo; guarded by the cache's lock.</summary>
    private sealed class SiloLink
    {
        public Connection? Preferred;
        public readonly List<Connection> Open = [];
        public Task<Connection>? Connecting;
        public int Failures;
        public long RetryAt;
        public Exception? LastError;
    }
}
