using BenchmarkDotNet.Attributes;
using GrainChain.Runtime.Storage;
using Npgsql;

namespace GrainChain.Benchmarks.Storage;

/// <summary>
/// Write and read throughput of each grain store for 200-byte states, by one caller and by 16 at once. Each
/// caller works on its own grain, as activations do; one invocation is 256 operations in total. PostgreSQL runs
/// when GRAINCHAIN_BENCH_POSTGRES (or GRAINCHAIN_TEST_POSTGRES) holds a connection string.
/// </summary>
[MemoryDiagnoser]
public class GrainStorageBenchmarks
{
    private const int Operations = 256;
    private const string StateName = "bench";

    private readonly byte[] _state = new byte[200];
    private IGrainStorage _store = null!;
    private string[] _eTags = [];
    private string? _directory;
    private string? _table;

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "memory";

    [Params(1, 16)]
    public int Concurrency { get; set; }

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
        new Random(200).NextBytes(_state);
        _store = Store switch
        {
            "memory" => new MemoryGrainStorage("bench"),
            "sqlite" => new SqliteGrainStorage("bench", new SqliteGrainStorageOptions
            {
                DataSource = Path.Combine(_directory = Directory.CreateTempSubdirectory("grainchain-bench-").FullName, "bench.db"),
            }),
            _ => new PostgresGrainStorage("bench", new PostgresGrainStorageOptions
            {
                ConnectionString = PostgresConnectionString()!,
                TableName = _table = $"bench_{Guid.NewGuid():N}",
            }),
        };
        _eTags = new string[Concurrency];
        for (var worker = 0; worker < Concurrency; worker++)
        {
            _eTags[worker] = await _store.WriteAsync(StateName, GrainOf(worker), _state, null);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }

        if (_table is not null)
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS \"{_table}\"", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task Write() => RunWorkersAsync(async worker =>
    {
        var grain = GrainOf(worker);
        for (var i = 0; i < Operations / Concurrency; i++)
        {
            _eTags[worker] = await _store.WriteAsync(StateName, grain, _state, _eTags[worker]);
        }
    });

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task Read() => RunWorkersAsync(async worker =>
    {
        var grain = GrainOf(worker);
        for (var i = 0; i < Operations / Concurrency; i++)
        {
            _ = await _store.ReadAsync(StateName, grain) ?? throw new InvalidOperationException("record vanished");
        }
    });

    private Task RunWorkersAsync(Func<int, Task> work) =>
        Concurrency == 1 ? work(0) : Task.WhenAll(Enumerable.Range(0, Concurrency).Select(worker => Task.Run(() => work(worker))));

    private static string GrainOf(int worker) => $"grain-{worker}";

    private static string? PostgresConnectionString() =>
        Environment.GetEnvironmentVariable("GRAINCHAIN_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable("GRAINCHAIN_TEST_POSTGRES") is { Length: > 0 } test ? test
        : null;
}
