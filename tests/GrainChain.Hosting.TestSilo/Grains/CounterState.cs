namespace GrainChain.Hosting.TestSilo.Grains;

/// <summary>The persisted part of a counter.</summary>
[GenerateSerializer, Alias("test.counter-state")]
public sealed class CounterState
{
    [Id(0)] public long Value { get; set; }
}
