using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization.V1
{
    [GenerateSerializer]
    public sealed record Profile([property: Id(0)] string Name, [property: Id(1)] int Age);

    [GenerateSerializer]
    public sealed record Envelope([property: Id(0)] Profile Profile, [property: Id(1)] string Trailer);
}

namespace GrainChain.Runtime.Tests.Serialization.V2
{
    /// <summary>V1 plus fields of every wire type, so a V1 reader has to skip each kind.</summary>
    [GenerateSerializer]
    public sealed record Profile(
        [property: Id(0)] string Name,
        [property: Id(1)] int Age,
        [property: Id(2)] string? Email,
        [property: Id(3)] List<string>? Tags,
        [property: Id(4)] double Score,
        [property: Id(5)] float Ratio,
        [property: Id(6)] long Big,
        [property: Id(7)] Dictionary<string, int[]>? Nested);

    [GenerateSerializer]
    public sealed record Envelope([property: Id(0)] Profile Profile, [property: Id(1)] string Trailer);

    /// <summary>Field 1 changed its type from int to string: readers must refuse it rather than misread it.</summary>
    [GenerateSerializer]
    public sealed record ProfileWithRetypedAge([property: Id(0)] string Name, [property: Id(1)] string Age);
}
