namespace GrainChain.Benchmarks.Load;

/// <summary>
/// The <c>load</c> verb: long-running measurements that are not BenchmarkDotNet suites.
/// <c>load cross-silo [--rate N] [--seconds S] [--window W]</c> and <c>load failover [--rounds R]</c>.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 1 ? args[1] : "";
        var options = new LoadArguments(args.Skip(2));
        Console.WriteLine($"load average: {LoadAverage()}   processors: {Environment.ProcessorCount}");
        switch (what)
        {
            case "cross-silo":
                await CrossSiloLoad.RunAsync(options);
                break;
            case "failover":
                await FailoverLoad.RunAsync(options);
                break;
            default:
                Console.Error.WriteLine("usage: load cross-silo [--rate CALLS_PER_S] [--seconds S] [--warmup S] [--window W] [--grains G]");
                Console.Error.WriteLine("       load failover [--rounds R] [--grains G]");
                return 2;
        }
        Console.WriteLine($"load average: {LoadAverage()}");
        return 0;
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), because the machine is shared.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
