using BenchmarkDotNet.Running;

namespace GrainChain.Benchmarks;

/// <summary>Entry point: the <c>storage</c>, <c>blocks</c>, <c>network</c>, <c>failover</c>, <c>chainmemory</c> and <c>http</c> verbs run load programs; anything else goes to BenchmarkDotNet's switcher.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "storage") return Storage.StorageLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "blocks") return Blocks.BlocksLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "network") return Network.NetworkLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "failover") return Failover.FailoverLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "chainmemory") return Chain.NodeMemoryLoad.Run(args[1..]);
        if (args.Length > 0 && args[0] == "http") return Http.HttpLoad.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
