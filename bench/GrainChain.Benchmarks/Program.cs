using BenchmarkDotNet.Running;

namespace GrainChain.Benchmarks;

/// <summary>Entry point: hands the command line to BenchmarkDotNet's switcher.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
