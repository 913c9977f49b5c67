using System.Globalization;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// The http load program's command line. Without <see cref="Url"/> it starts its own <c>grainchain-silo</c> process
/// (the built dll, free ports, a temporary data folder) on <see cref="Backend"/>; with it, it loads that gateway.
/// </summary>
public sealed record HttpLoadOptions(
    string Scenario,
    Uri? Url,
    string Backend,
    string? SiloDll,
    int Transactions,
    int Senders,
    int Connections,
    int WarmupRounds,
    int Runs,
    bool Wrk,
    int WrkThreads,
    int Blocks,
    int ResolveRuns,
    bool KeepData)
{
    public const string Usage =
        "http [tx|resolve|all (all)] [--url http://host:port (start a silo)] [--backend sqlite|memory (sqlite)] [--silo-dll PATH] " +
        "[--transactions N (20000)] [--senders S (500)] [--connections C (64)] [--warmup-rounds R (4)] [--runs K (3)] " +
        "[--wrk (also measure with wrk)] [--wrk-threads T (2)] [--blocks B (10000)] [--resolve-runs K (2)] [--keep-data]";

    public static HttpLoadOptions Parse(IReadOnlyList<string> args)
    {
        var scenario = "all";
        Uri? url = null;
        var backend = "sqlite";
        string? siloDll = null;
        var transactions = 20_000;
        var senders = 500;
        var connections = 64;
        var warmupRounds = 4;
        var runs = 3;
        var wrk = false;
        var wrkThreads = 2;
        var blocks = 10_000;
        var resolveRuns = 2;
        var keepData = false;
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            scenario = args[0] is "tx" or "resolve" or "all"
                ? args[0]
                : throw new ArgumentException($"unknown scenario '{args[0]}'. Usage: {Usage}");
            i = 1;
        }

        for (; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--wrk")
            {
                wrk = true;
                continue;
            }

            if (name == "--keep-data")
            {
                keepData = true;
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value. Usage: {Usage}");
            switch (name)
            {
                case "--url":
                    url = Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                        ? parsed
                        : throw new ArgumentException($"--url must be an absolute http URL, not '{value}'");
                    break;
                case "--backend":
                    backend = value.ToLowerInvariant() is "sqlite" or "memory"
                        ? value.ToLowerInvariant()
                        : throw new ArgumentException($"--backend must be sqlite or memory, not '{value}'");
                    break;
                case "--silo-dll":
                    siloDll = value;
                    break;
                case "--transactions":
                    transactions = Whole(name, value, 1);
                    break;
                case "--senders":
                    senders = Whole(name, value, 1);
                    break;
                case "--connections":
                    connections = Whole(name, value, 1);
                    break;
                case "--warmup-rounds":
                    warmupRounds = Whole(name, value, 0);
                    break;
                case "--runs":
                    runs = Whole(name, value, 1);
                    break;
                case "--wrk-threads":
                    wrkThreads = Whole(name, value, 1);
                    break;
                case "--blocks":
                    blocks = Whole(name, value, 1);
                    break;
                case "--resolve-runs":
                    resolveRuns = Whole(name, value, 1);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{name}'. Usage: {Usage}");
            }
        }

        if (connections > senders)
            throw new ArgumentException($"--connections {connections} needs at least as many senders (--senders {senders}): one sender's transfers go in nonce order on one connection");
        if (PerSender(transactions, senders) + warmupRounds > HttpTransferPlan.MaxPendingPerSender)
            throw new ArgumentException(
                $"{transactions} transfers from {senders} senders plus {warmupRounds} warm-up rounds exceed the mempool's {HttpTransferPlan.MaxPendingPerSender} pending transfers per sender: add senders");
        return new HttpLoadOptions(scenario, url, backend, siloDll, transactions, senders, connections, warmupRounds, runs, wrk,
            wrkThreads, blocks, resolveRuns, keepData);
    }

    /// <summary>Measured transfers per sender (the last round may be partial).</summary>
    public static int PerSender(int transactions, int senders) => (transactions + senders - 1) / senders;

    private static int Whole(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{value}'");
}
