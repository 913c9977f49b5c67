using BenchmarkDotNet.Running;
using GrainChain.Benchmarks.Load;

namespace GrainChain.Benchmarks;

/// <summary>Entry point: the <c>load</c> verb runs a load tool; anything else goes to BenchmarkDotNet's switcher.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "load")
        {
            return LoadCommand.RunAsync(args).GetAwaiter().GetResult();
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
