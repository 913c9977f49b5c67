using System.Collections.Concurrent;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>
/// Wraps a real membership table so a test can make it fail, hand out a stale read, or let another silo write
/// just before this one's compare-and-set (a deterministic race). Every write that landed is recorded.
/// </summary>
internal sealed class InterceptingMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly ConcurrentQueue<MembershipEntry> _landedUpdates = new();
    private Func<Task>? _beforeNextWrite;
    private MembershipTableSnapshot? _nextReadAll;
    private ReadHold? _readHold;
    private int _updateCalls;
    private int _insertCalls;
    private int _readAllCalls;

    /// <summary>While true every call throws, like a database that went away.</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<MembershipEntry> LandedUpdates => [.. _landedUpdates];

    public int UpdateCalls => Volatile.Read(ref _updateCalls);

    public int InsertCalls => Volatile.Read(ref _insertCalls);

    public int ReadAllCalls => Volatile.Read(ref _readAllCalls);

    /// <summary>Every ReadAll from now on waits until the hold is released (and reports that one has started).</summary>
    public ReadHold HoldReads() => _readHold = new ReadHold();

    /// <summary>Runs <paramref name="interloper"/> once, right before the next insert or update reaches the table.</summary>
    public void BeforeNextWrite(Func<Task> interloper) => _beforeNextWrite = interloper;

    /// <summary>The next ReadAll returns <paramref name="snapshot"/> instead of the table's rows (a lagging replica).</summary>
    public void ServeNextReadAll(MembershipTableSnapshot snapshot) => _nextReadAll = snapshot;

    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return inner.InitializeAsync(cancellationToken);
    }

    public async Task<MembershipTableSnapshot> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _readAllCalls);
        if (_readHold is { } hold)
        {
            hold.Entered.TrySetResult();
            await hold.Released.Task;
        }

        return Interlocked.Exchange(ref _nextReadAll, null) is { } stale ? stale : await inner.ReadAllAsync(cancellationToken);
    }

    public Task<MembershipTableSnapshot> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return inner.ReadRowAsync(silo, cancellationToken);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _insertCalls);
        await RunInterloperAsync();
        return await inner.InsertRowAsync(entry, version, cancellationToken);
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _updateCalls);
        await RunInterloperAsync();
        var landed = await inner.UpdateRowAsync(entry, etag, version, cancellationToken);
        if (landed)
        {
            _landedUpdates.Enqueue(entry);
        }

        return landed;
    }

    public Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return inner.UpdateIAmAliveAsync(entry, cancellationToken);
    }

    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return inner.CleanupDefunctSiloEntriesAsync(beforeDate, cancellationToken);
    }

    public Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return inner.DeleteMembershipTableEntriesAsync(clusterId, cancellationToken);
    }

    /// <summary>A gate on table reads: <see cref="Entered"/> completes when a read reaches it, <see cref="Release"/> lets every read through.</summary>
    public sealed class ReadHold
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => Released.TrySetResult();
    }

    private Task RunInterloperAsync() => Interlocked.Exchange(ref _beforeNextWrite, null) is { } interloper ? interloper() : Task.CompletedTask;

    private void ThrowIfFailing()
    {
        if (Failing)
        {
            throw new MembershipTableException("Test table: the database is unreachable.");
        }
    }
}
