using System.Net;
using BenchmarkDotNet.Attributes;
using GrainChain.Runtime.Membership;

namespace GrainChain.Benchmarks.Membership;

/// <summary>
/// The membership operations a running cluster repeats: a heartbeat, reading the whole table of 16 silos (every
/// probe round) and a compare-and-set vote (read, then update). PostgreSQL runs when GRAINCHAIN_BENCH_POSTGRES
/// (or GRAINCHAIN_TEST_POSTGRES) holds a connection string.
/// </summary>
[MemoryDiagnoser]
public class MembershipTableBenchmarks
{
    private const int Silos = 16;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private IMembershipTable _table = null!;
    private MembershipEntry _self = null!;
    private string? _directory;
    private string _clusterId = "";
    private long _tick;

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "memory";

    public static IEnumerable<string> Stores()
    {
        yield return "memory";
        yield return "sqlite";
        if (PostgresConnectionString() is not null)
        {
            yield return "postgres";
        }
    }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _clusterId = "bench-" + Guid.NewGuid().ToString("N");
        _table = Store switch
        {
            "memory" => new InMemoryMembershipTable(new InMemoryMembershipStore(), new InMemoryMembershipOptions { ClusterId = _clusterId }),
            "sqlite" => new SqliteMembershipTable(new SqliteMembershipOptions
            {
                ClusterId = _clusterId,
                DataSource = Path.Combine(_directory = Directory.CreateTempSubdirectory("grainchain-bench-").FullName, "membership.db"),
            }),
            _ => new PostgresMembershipTable(new PostgresMembershipOptions { ClusterId = _clusterId, ConnectionString = PostgresConnectionString()! }),
        };
        await _table.InitializeAsync();
        for (var i = 0; i < Silos; i++)
        {
            var entry = new MembershipEntry
            {
                Silo = new SiloAddress(new IPEndPoint(IPAddress.Loopback, 11111 + i), 1),
                Status = SiloStatus.Active,
                HostName = "bench",
                StartTime = Start,
                IAmAliveTime = Start,
            };
            if (!await _table.InsertRowAsync(entry, (await _table.ReadAllAsync()).Version))
            {
                throw new InvalidOperationException("setup insert lost its compare-and-set");
            }

            _self = entry;
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _table.DeleteMembershipTableEntriesAsync(_clusterId);
        if (_table is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark]
    public Task Heartbeat() => _table.UpdateIAmAliveAsync(_self with { IAmAliveTime = Start.AddTicks(++_tick) });

    [Benchmark]
    public Task<MembershipTableSnapshot> ReadAll() => _table.ReadAllAsync();

    [Benchmark]
    public async Task<bool> ReadThenVote()
    {
        var snapshot = await _table.ReadRowAsync(_self.Silo);
        var row = snapshot.Rows[0];
        var vote = new SuspicionVote(_self.Silo, Start.AddTicks(++_tick));
        return await _table.UpdateRowAsync(row.Entry with { SuspectingSilos = [vote] }, row.ETag, snapshot.Version)
            ? true
            : throw new InvalidOperationException("an uncontended vote lost its compare-and-set");
    }

    private static string? PostgresConnectionString() =>
        Environment.GetEnvironmentVariable("GRAINCHAIN_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_POSTGRES") is { Length: > 0 } test ? test
        : null;
}
