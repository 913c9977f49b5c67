using System.Collections.Immutable;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public enum Colour : byte
{
    Red = 1,
    Green = 2,
    Blue = 200,
}

public enum Signed : long
{
    Low = long.MinValue,
    Zero = 0,
    High = long.MaxValue,
}

/// <summary>A positional record with ids on the parameters, as a typical ledger message would be written.</summary>
[GenerateSerializer]
public sealed record Transfer([property: Id(0)] string From, [property: Id(1)] string To, [property: Id(2)] long Amount, [property: Id(3)] byte[] Hash);

/// <summary>Ids on primary-constructor parameters rather than on the generated properties.</summary>
[GenerateSerializer]
public sealed record ParameterIds([Id(0)] int A, [Id(1)] string? B);

[GenerateSerializer]
public sealed class MutableAccount
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public List<int> History { get; set; } = [];
    [Id(2)] public Dictionary<string, long> Balances { get; set; } = [];
    [Id(3)] public Transfer? Last { get; set; }
    [Id(4)] public Colour Colour;
    [Id(5)] public int[]? Scores { get; set; }
}

[GenerateSerializer]
public sealed class InitOnly
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public int Count { get; init; }
    [Id(2)] public Guid Key { get; init; }
}

[GenerateSerializer]
public readonly record struct Point([property: Id(0)] int X, [property: Id(1)] int Y);

[GenerateSerializer]
public struct MutablePoint
{
    [Id(0)] public double X;
    [Id(1)] public double Y;
}

[GenerateSerializer]
[Immutable]
public sealed record Frozen([property: Id(0)] string Name, [property: Id(1)] ImmutableArray<int> Values);

/// <summary>Every kind of member the serializer knows, for an exhaustive round trip.</summary>
[GenerateSerializer]
public sealed record Everything
{
    [Id(0)] public bool Flag { get; init; }
    [Id(1)] public byte U8 { get; init; }
    [Id(2)] public sbyte I8 { get; init; }
    [Id(3)] public short I16 { get; init; }
    [Id(4)] public ushort U16 { get; init; }
    [Id(5)] public int I32 { get; init; }
    [Id(6)] public uint U32 { get; init; }
    [Id(7)] public long I64 { get; init; }
    [Id(8)] public ulong U64 { get; init; }
    [Id(9)] public float F32 { get; init; }
    [Id(10)] public double F64 { get; init; }
    [Id(11)] public decimal Money { get; init; }
    [Id(12)] public char Letter { get; init; }
    [Id(13)] public string? Text { get; init; }
    [Id(14)] public byte[]? Bytes { get; init; }
    [Id(15)] public ReadOnlyMemory<byte> Rom { get; init; }
    [Id(16)] public Memory<byte> Mem { get; init; }
    [Id(17)] public Guid Id { get; init; }
    [Id(18)] public DateTime When { get; init; }
    [Id(19)] public DateTimeOffset WhenOffset { get; init; }
    [Id(20)] public TimeSpan Span { get; init; }
    [Id(21)] public Colour Colour { get; init; }
    [Id(22)] public int? MaybeInt { get; init; }
    [Id(23)] public Guid? MaybeGuid { get; init; }
    [Id(24)] public string[]? Names { get; init; }
    [Id(25)] public List<Point>? Points { get; init; }
    [Id(26)] public Dictionary<string, List<int>>? Map { get; init; }
    [Id(27)] public HashSet<long>? Set { get; init; }
    [Id(28)] public ImmutableArray<string> ImmArray { get; init; }
    [Id(29)] public ImmutableList<int>? ImmList { get; init; }
    [Id(30)] public ImmutableDictionary<int, string>? ImmDict { get; init; }
    [Id(31)] public ImmutableHashSet<string>? ImmSet { get; init; }
    [Id(32)] public KeyValuePair<string, int> Pair { get; init; }
    [Id(33)] public (int, string) Tuple2 { get; init; }
    [Id(34)] public (int, string, bool) Tuple3 { get; init; }
    [Id(35)] public (int, string, bool, double) Tuple4 { get; init; }
    [Id(36)] public Tuple<int, string>? RefTuple { get; init; }
    [Id(37)] public Signed Signed { get; init; }
    [Id(38)] public Tuple<int, string, Guid>? RefTuple3 { get; init; }
    [Id(39)] public Tuple<int, string, Guid, long>? RefTuple4 { get; init; }
}
