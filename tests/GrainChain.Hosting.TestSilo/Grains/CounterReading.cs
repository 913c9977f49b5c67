namespace GrainChain.Hosting.TestSilo.Grains;

/// <summary>A counter's value and the silo that answered.</summary>
[GenerateSerializer, Immutable, Alias("test.counter-reading")]
public sealed record CounterReading([property: Id(0)] long Value, [property: Id(1)] string Silo);
