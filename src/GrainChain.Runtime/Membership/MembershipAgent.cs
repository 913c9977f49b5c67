using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// One silo's part in cluster membership: it writes its own row (join, Active, heartbeats, graceful leave), reads
/// the table into <see cref="MembershipView"/>s, probes its ring successors and votes missing ones dead. Every
/// table write is a compare-and-set against the version just read, retried after a re-read when it loses.
/// </summary>
/// <remarks>
/// The steps (<see cref="RefreshAsync"/>, <see cref="ProbeRoundAsync"/>, <see cref="HeartbeatAsync"/>) can be
/// called directly; <see cref="Start"/> runs them periodically on the injected <see cref="TimeProvider"/>.
/// </remarks>
internal sealed class MembershipAgent : IAsyncDisposable
{
    /// <summary>
    /// Lost compare-and-sets one write tolerates. Every loss means another writer progressed, so this is only
    /// reached when the table is changing far faster than membership ever should; the step then fails and runs again.
    /// </summary>
    internal const int MaxCompareAndSetAttempts = 32;

    private readonly IMembershipTable _table;
    private readonly string _hostName;
    private readonly int? _proxyPort;
    private readonly ClusterMembershipOptions _options;
    private readonly ISiloProber _prober;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _siloText;
    private readonly Lock _publishGate = new();
    private readonly Lock _loopGate = new();
    private readonly SemaphoreSlim _roundGate = new(1, 1);
    private readonly Dictionary<SiloAddress, int> _missedProbes = [];
    private readonly CancellationTokenSource _disposing = new();
    private readonly RefreshCoalescer<MembershipView> _onDemand;
    private MembershipView _current = MembershipView.Empty;
    private MembershipEntry? _ownEntry;
    private volatile int _ownStatusValue;
    private volatile bool _leaving;
    private volatile bool _killed;
    private int _selfDead;
    private MembershipLoop[]? _loops;

    public MembershipAgent(
        IMembershipTable table,
        SiloAddress silo,
        string hostName,
        int? proxyPort,
        ClusterMembershipOptions options,
        ISiloProber prober,
        TimeProvider time,
        ILogger<MembershipAgent> logger)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(hostName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prober);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid();
        if (hostName.Length > MembershipEntry.MaxHostNameLength)
        {
            throw new ArgumentException($"Membership agent of {silo}: host name must be at most {MembershipEntry.MaxHostNameLength} characters.", nameof(hostName));
        }

        if (proxyPort is { } port && port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(proxyPort), port, $"Membership agent of {silo}: gateway port {port} is not a TCP port.");
        }

        _table = table;
        Silo = silo;
        _hostName = hostName;
        _proxyPort = proxyPort;
        _options = options;
        _prober = prober;
        _time = time;
        _logger = logger;
        _siloText = silo.ToString();
        _onDemand = new RefreshCoalescer<MembershipView>(RefreshOnDemandAsync);
    }

    /// <summary>
    /// Raised with each newer view, in increasing version order, never twice for one version. Handlers run on the
    /// refreshing thread and should be quick; one that throws is logged and does not stop the others. A handler
    /// must not block waiting for this agent to stop (the stop waits for the step that is raising the event).
    /// </summary>
    public event Action<MembershipView>? ViewChanged;

    /// <summary>
    /// Raised once when this silo reads itself Dead (declared by others, or replaced by a later generation); it has
    /// stopped probing. Start the silo's stop from the handler without waiting for it, for the reason given on
    /// <see cref="ViewChanged"/>.
    /// </summary>
    public event Action? SelfDeclaredDead;

    /// <summary>
    /// Raised after this agent changed a silo's status in the table (its own Active, ShuttingDown or Dead, or another
    /// silo's death), so the other silos can be told to read the table now instead of at their next refresh. Raised
    /// on the writing thread; handlers must be quick and must not wait for the write path.
    /// </summary>
    public event Action<MembershipStatusChange>? StatusWritten;

    /// <summary>The silo this agent speaks for.</summary>
    public SiloAddress Silo { get; }

    /// <summary>The newest view read; <see cref="MembershipView.Empty"/> before the first read.</summary>
    public MembershipView CurrentView => Volatile.Read(ref _current);

    /// <summary>True once this silo has read itself Dead.</summary>
    public bool IsDeclaredDead => Volatile.Read(ref _selfDead) != 0;

    /// <summary>
    /// The peers the next probe round targets: this silo's successors on the ring of the Active and ShuttingDown
    /// silos in <see cref="CurrentView"/>. ShuttingDown silos stay on the ring until they write Dead, so one that
    /// crashes while leaving is still detected instead of lingering (with its directory entries) forever.
    /// </summary>
    public IReadOnlyList<SiloAddress> ProbedSilos => ProbeRing.Successors(
        CurrentView.Members.Where(m => m.Status is SiloStatus.Active or SiloStatus.ShuttingDown).Select(m => m.Silo),
        Silo,
        _options.NumProbedSilos);

    /// <summary>
    /// Creates the table if needed and inserts this silo's row as Joining (re-reading and retrying when another
    /// writer moved the version first), declares earlier incarnations on the same endpoint Dead, and reads a first view.
    /// </summary>
    public async Task JoinAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfKilled();
        await _table.InitializeAsync(cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var entry = new MembershipEntry
        {
            Silo = Silo,
            Status = SiloStatus.Joining,
            HostName = _hostName,
            StartTime = now,
            IAmAliveTime = now,
            ProxyPort = _proxyPort,
        };
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (FindRow(snapshot, Silo) is { } existing)
            {
                // Our own earlier attempt landed even though its answer was lost; a Dead row means this incarnation is over.
                if (existing.Entry.Status == SiloStatus.Dead)
                {
                    throw new InvalidOperationException($"Silo {Silo} cannot join: its row is already Dead; restart it with a new generation.");
                }

                _ownEntry = existing.Entry;
                OwnStatus = existing.Entry.Status;
                break;
            }

            if (await _table.InsertRowAsync(entry, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _ownEntry = entry;
                OwnStatus = SiloStatus.Joining;
                _logger.Joined(_siloText, _hostName, snapshot.Version.Version + 1);
                break;
            }

            LostCompareAndSet("join", snapshot, attempt);
        }

        await DeclareEarlierIncarnationsDeadAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes this silo's row Active (after <see cref="JoinAsync"/>), then reads a view that includes it.</summary>
    public async Task BecomeActiveAsync(CancellationToken cancellationToken = default)
    {
        await WriteOwnStatusAsync(SiloStatus.Active, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes this silo's heartbeat time (no compare-and-set: it changes neither ETag nor version).</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        if (_killed || _ownEntry is not { } own)
        {
            return;
        }

        await _table.UpdateIAmAliveAsync(own with { IAmAliveTime = _time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the whole table; publishes the view when its version is newer than <see cref="CurrentView"/>; raises
    /// <see cref="SelfDeclaredDead"/> when the view says this silo is gone. Returns the newest view held.
    /// </summary>
    public async Task<MembershipView> RefreshAsync(CancellationToken cancellationToken = default)
    {
        if (_killed)
        {
            return CurrentView;
        }

        var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot.Version.Version <= CurrentView.Version)
        {
            // Nothing changed since the view held (or the read is stale): no view to build, nothing new to check.
            return CurrentView;
        }

        var view = new MembershipView(snapshot.Version.Version, snapshot.Rows.Select(row => row.Entry));
        Publish(view);
        if (OwnStatus is not null && !_leaving && view.IsDead(Silo))
        {
            OnSelfDead(view.Version);
        }

        return CurrentView;
    }

    /// <summary>
    /// Reads the table soon, unless <paramref name="knownVersion"/> is given and the view held is already that new.
    /// Bursts are coalesced (one read in flight plus one pending, shared by every request meanwhile), so callers
    /// that learn of a change from others (a notification, a peer that stopped answering) cannot flood the table.
    /// Never throws: a failed read is logged and the view held is returned.
    /// </summary>
    public Task<MembershipView> RequestRefreshAsync(long? knownVersion = null)
    {
        if (knownVersion is { } version && version <= CurrentView.Version)
        {
            return Task.FromResult(CurrentView);
        }

        return _onDemand.RequestAsync();
    }

    /// <summary>
    /// Probes this silo's ring successors at once, each bounded by ProbeTimeout. A peer that missed
    /// NumMissedProbesLimit probes in a row gets this silo's (refreshed) suspicion vote; a vote that completes the
    /// needed count writes the peer Dead. Does nothing unless this silo is Active and alive.
    /// </summary>
    public async Task ProbeRoundAsync(CancellationToken cancellationToken = default)
    {
        if (!CanProbe)
        {
            return;
        }

        await _roundGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var declared = false;
        try
        {
            var targets = ProbedSilos;
            foreach (var gone in _missedProbes.Keys.Where(silo => !targets.Contains(silo)).ToList())
            {
                _missedProbes.Remove(gone);
            }

            var answers = await Task.WhenAll(targets.Select(target => ProbeAsync(target, cancellationToken))).ConfigureAwait(false);
            for (var i = 0; i < targets.Count && CanProbe; i++)
            {
                var target = targets[i];
                if (answers[i])
                {
                    _missedProbes.Remove(target);
                    continue;
                }

                var missed = _missedProbes[target] = _missedProbes.GetValueOrDefault(target) + 1;
                if (missed < _options.NumMissedProbesLimit)
                {
                    continue;
                }

                try
                {
                    declared |= await VoteAsync(target, missed, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // One suspect's failed vote must not keep the round from voting on the others.
                    _logger.StepFailed(exception, "suspicion vote", _siloText);
                }
            }
        }
        finally
        {
            _roundGate.Release();
        }

        if (declared)
        {
            // Publish the death now rather than a refresh period later: directory and placement react to the view.
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Announces a graceful stop: writes this silo ShuttingDown, so others stop placing work here.</summary>
    public async Task AnnounceShuttingDownAsync(CancellationToken cancellationToken = default)
    {
        _leaving = true;
        await WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Graceful stop: stops the loops, writes ShuttingDown (unless already announced) and then Dead.</summary>
    public async Task ShutDownAsync(CancellationToken cancellationToken = default)
    {
        _leaving = true;
        await StopAsync().ConfigureAwait(false);
        await WriteOwnStatusAsync(SiloStatus.ShuttingDown, cancellationToken).ConfigureAwait(false);
        await WriteOwnStatusAsync(SiloStatus.Dead, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Abrupt stop, as a crashed process: the loops end and every later step does nothing; the table is not touched.</summary>
    public async Task KillAsync()
    {
        _killed = true;
        await _disposing.CancelAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Runs the refresh, probe and heartbeat loops on the injected clock, each first due one period from now.</summary>
    public void Start()
    {
        ThrowIfKilled();
        if (_ownEntry is null)
        {
            throw new InvalidOperationException($"Silo {Silo}: call JoinAsync before starting the membership loops.");
        }

        lock (_loopGate)
        {
            if (_loops is not null)
            {
                throw new InvalidOperationException($"Silo {Silo}: the membership loops were already started (and perhaps stopped); an agent runs them once.");
            }

            _loops =
            [
                new MembershipLoop("table refresh", _siloText, _options.TableRefreshPeriod, ct => RefreshAsync(ct), _time, _logger),
                new MembershipLoop("probe round", _siloText, _options.ProbePeriod, ProbeRoundAsync, _time, _logger),
                new MembershipLoop("heartbeat", _siloText, _options.IAmAlivePeriod, HeartbeatAsync, _time, _logger),
            ];
            _loops[0].Start(_options.TableRefreshPeriod);
            _loops[1].Start(_options.ProbePeriod);
            _loops[2].Start(_options.IAmAlivePeriod);
        }
    }

    /// <summary>Stops the loops (waiting for a running step to end) without writing anything to the table.</summary>
    public async Task StopAsync()
    {
        MembershipLoop[]? loops;
        lock (_loopGate)
        {
            loops = _loops;
            _loops = [];
        }

        foreach (var loop in loops ?? [])
        {
            await loop.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes with the first view (the current one included) that satisfies <paramref name="predicate"/>.</summary>
    public async Task<MembershipView> WaitForViewAsync(Func<MembershipView, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var found = new TaskCompletionSource<MembershipView>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnView(MembershipView view)
        {
            try
            {
                if (predicate(view))
                {
                    found.TrySetResult(view);
                }
            }
            catch (Exception exception)
            {
                found.TrySetException(exception);
            }
        }

        // Subscribe before looking at the current view, so a view published in between is not missed.
        ViewChanged += OnView;
        try
        {
            OnView(CurrentView);
            await using var registration = cancellationToken.Register(() => found.TrySetCanceled(cancellationToken)).ConfigureAwait(false);
            return await found.Task.ConfigureAwait(false);
        }
        finally
        {
            ViewChanged -= OnView;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>This silo's status as it last wrote or read it; null before joining.</summary>
    private SiloStatus? OwnStatus
    {
        get => _ownStatusValue == 0 ? null : (SiloStatus)_ownStatusValue;
        set => _ownStatusValue = value is { } status ? (int)status : 0;
    }

    private bool CanProbe => !_killed && !_leaving && OwnStatus == SiloStatus.Active && !IsDeclaredDead;

    private async Task<bool> ProbeAsync(SiloAddress target, CancellationToken cancellationToken)
    {
        try
        {
            // The prober is told the timeout, but the bound is enforced here too so that no prober can stall a round.
            return await _prober.ProbeAsync(target, _options.ProbeTimeout, cancellationToken)
                .WaitAsync(_options.ProbeTimeout, _time, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // A timeout, a broken connection or a faulty prober all mean the same here: no answer.
            return false;
        }
    }

    /// <summary>Writes this silo's vote against <paramref name="suspect"/>; true when that vote declared it Dead.</summary>
    private async Task<bool> VoteAsync(SiloAddress suspect, int missed, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var own = FindRow(snapshot, Silo);
            if (own is { Entry.Status: SiloStatus.Dead })
            {
                // Someone declared us first (say, across a partition): a dead silo's opinion no longer counts.
                OnSelfDead(snapshot.Version.Version);
                return false;
            }

            if (suspect == Silo || own is null || FindRow(snapshot, suspect) is not { } row || row.Entry.Status == SiloStatus.Dead)
            {
                return false;
            }

            var now = _time.GetUtcNow();
            var votes = row.Entry.SuspectingSilos
                .Where(vote => vote.Voter != Silo && vote.Voter != suspect && now - vote.Timestamp <= _options.DeathVoteExpiration)
                .OrderBy(vote => vote.Timestamp)
                .TakeLast(MembershipEntry.MaxSuspicionVotes - 1)
                .Append(new SuspicionVote(Silo, now))
                .ToArray();
            var activeOthers = snapshot.Rows.Count(r => r.Entry.Status == SiloStatus.Active && r.Entry.Silo != suspect);
            var needed = Math.Max(1, Math.Min(_options.NumVotesForDeathDeclaration, activeOthers));
            var declare = votes.Length >= needed;
            var updated = row.Entry with
            {
                SuspectingSilos = votes,
                Status = declare ? SiloStatus.Dead : row.Entry.Status,
            };
            if (await _table.UpdateRowAsync(updated, row.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                var suspectText = suspect.ToString();
                _logger.SuspectVoted(_siloText, suspectText, missed, votes.Length, needed);
                if (declare)
                {
                    _logger.DeclaredDead(_siloText, suspectText, votes.Length, needed);
                    OnStatusWritten(suspect, SiloStatus.Dead, snapshot);
                }

                return declare;
            }

            LostCompareAndSet("suspicion vote against " + suspect, snapshot, attempt);
        }
    }

    private async Task WriteOwnStatusAsync(SiloStatus status, CancellationToken cancellationToken)
    {
        ThrowIfKilled();
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            if (FindRow(snapshot, Silo) is not { } row)
            {
                throw new InvalidOperationException($"Silo {Silo} has no membership row to set {status}; call JoinAsync first.");
            }

            var current = row.Entry.Status;
            if (current == status)
            {
                OwnStatus = status;
                return;
            }

            if (current == SiloStatus.Dead)
            {
                if (_leaving)
                {
                    // Declared dead while leaving: the outcome a graceful stop wanted anyway.
                    OwnStatus = current;
                    return;
                }

                OnSelfDead(snapshot.Version.Version);
                throw new InvalidOperationException($"Silo {Silo} cannot become {status}: it was declared Dead.");
            }

            if (status < current)
            {
                throw new InvalidOperationException($"Silo {Silo} cannot go back from {current} to {status}.");
            }

            var updated = row.Entry with { Status = status, IAmAliveTime = _time.GetUtcNow() };
            if (await _table.UpdateRowAsync(updated, row.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _ownEntry = updated;
                OwnStatus = status;
                _logger.StatusWritten(_siloText, status);
                OnStatusWritten(Silo, status, snapshot);
                return;
            }

            LostCompareAndSet("status " + status, snapshot, attempt);
        }
    }

    /// <summary>
    /// A row of this endpoint with an older generation belongs to a process that is gone (this one holds the port
    /// now), so it is declared Dead at once instead of waiting for probes to time out.
    /// </summary>
    private async Task DeclareEarlierIncarnationsDeadAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await _table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
            var earlier = snapshot.Rows.FirstOrDefault(r =>
                r.Entry.Status != SiloStatus.Dead
                && r.Entry.Silo.Endpoint.Equals(Silo.Endpoint)
                && r.Entry.Silo.Generation < Silo.Generation);
            if (earlier.Entry is null)
            {
                return;
            }

            if (await _table.UpdateRowAsync(earlier.Entry with { Status = SiloStatus.Dead }, earlier.ETag, snapshot.Version, cancellationToken).ConfigureAwait(false))
            {
                _logger.EarlierIncarnationDead(_siloText, earlier.Entry.Silo.ToString());
                OnStatusWritten(earlier.Entry.Silo, SiloStatus.Dead, snapshot);
                continue;
            }

            LostCompareAndSet("death of earlier incarnation " + earlier.Entry.Silo, snapshot, attempt);
        }
    }

    private void Publish(MembershipView view)
    {
        lock (_publishGate)
        {
            // Under the lock so that two refreshes finishing together cannot hand subscribers v6 and then v5.
            if (view.Version <= _current.Version)
            {
                return;
            }

            Volatile.Write(ref _current, view);
            _logger.ViewPublished(_siloText, view);
            if (ViewChanged is not { } handlers)
            {
                return;
            }

            foreach (var handler in handlers.GetInvocationList())
            {
                try
                {
                    ((Action<MembershipView>)handler)(view);
                }
                catch (Exception exception)
                {
                    _logger.ViewHandlerFailed(exception, _siloText);
                }
            }
        }
    }

    private async Task<MembershipView> RefreshOnDemandAsync()
    {
        try
        {
            return await RefreshAsync(_disposing.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (!_disposing.IsCancellationRequested)
            {
                _logger.StepFailed(exception, "on-demand table refresh", _siloText);
            }

            return CurrentView;
        }
    }

    // A write that landed on the table as read in `snapshot` produced the next version: every insert or update adds one.
    private void OnStatusWritten(SiloAddress silo, SiloStatus status, MembershipTableSnapshot snapshot)
    {
        if (StatusWritten is not { } handlers)
        {
            return;
        }

        try
        {
            var members = snapshot.Rows
                .Where(row => row.Entry.Status is SiloStatus.Joining or SiloStatus.Active)
                .Select(row => row.Entry.Silo)
                .ToArray();
            handlers(new MembershipStatusChange(silo, status, snapshot.Version.Version + 1, members));
        }
        catch (Exception exception)
        {
            _logger.StepFailed(exception, "status-written handler", _siloText);
        }
    }

    private void OnSelfDead(long version)
    {
        if (Interlocked.Exchange(ref _selfDead, 1) != 0)
        {
            return;
        }

        _logger.SelfDeclaredDead(_siloText, version);
        try
        {
            SelfDeclaredDead?.Invoke();
        }
        catch (Exception exception)
        {
            _logger.StepFailed(exception, "self-declared-dead handler", _siloText);
        }
    }

    private void LostCompareAndSet(string operation, MembershipTableSnapshot snapshot, int attempt)
    {
        _logger.LostCompareAndSet(_siloText, operation, snapshot.Version.Version);
        if (attempt >= MaxCompareAndSetAttempts)
        {
            throw new MembershipTableException($"Silo {Silo}: {operation} lost {attempt} compare-and-sets in a row; giving up until the next attempt.");
        }
    }

    private void ThrowIfKilled()
    {
        if (_killed)
        {
            throw new InvalidOperationException($"Silo {Silo}: the membership agent was killed.");
        }
    }

    private static MembershipRow? FindRow(MembershipTableSnapshot snapshot, SiloAddress silo)
    {
        foreach (var row in snapshot.Rows)
        {
            if (row.Entry.Silo == silo)
            {
                return row;
            }
        }

        return null;
    }
}
