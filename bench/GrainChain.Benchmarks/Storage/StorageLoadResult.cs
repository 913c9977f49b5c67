namespace GrainChain.Benchmarks.Storage;

/// <summary>What one store did under the load.</summary>
public sealed record StorageLoadResult(string Backend, PhaseResult Writes, PhaseResult Reads);

/// <summary>One phase of the load: operations done, their rate, and their median and 99th-percentile latency.</summary>
public sealed record PhaseResult(long Count, double PerSecond, TimeSpan P50, TimeSpan P99);
