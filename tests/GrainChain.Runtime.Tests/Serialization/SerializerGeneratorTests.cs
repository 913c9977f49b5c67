namespace GrainChain.Runtime.Tests.Serialization;

public sealed class SerializerGeneratorTests
{
    private static string[] Ids(SerializerGeneratorHarness.Result result) =>
        [.. result.GeneratorDiagnostics.Select(d => d.Id).Order()];

    [Fact]
    public void Well_formed_types_generate_code_that_compiles_without_diagnostics()
    {
        var result = SerializerGeneratorHarness.Run("""
            using System.Collections.Generic;
            [GenerateSerializer] public sealed record A([property: Id(0)] int X, [property: Id(1)] List<string> Names);
            [GenerateSerializer] public sealed class B { [Id(0)] public required string Name { get; init; } [Id(1)] public A? Inner; }
            [GenerateSerializer] public readonly record struct C([property: Id(0)] long Value);
            [GenerateSerializer, Immutable] public sealed record D([property: Id(0)] string Text);
            [GenerateSerializer] public sealed class E { public int Computed => 1; [System.NonSerialized] public int Skipped; }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Equal(5, result.GeneratedSources.Length);
    }

    [Fact]
    public void A_data_member_without_an_id_is_reported()
    {
        var result = SerializerGeneratorHarness.Run("""
            [GenerateSerializer] public sealed class A { [Id(0)] public int X { get; set; } public string Forgotten { get; set; } = ""; }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("GCS001", diagnostic.Id);
        Assert.Contains("Forgotten", diagnostic.GetMessage());
        Assert.Empty(result.CompilationErrors);
    }

    [Fact]
    public void Duplicate_ids_are_reported_and_generate_nothing()
    {
        var result = SerializerGeneratorHarness.Run("""
            [GenerateSerializer] public sealed class A { [Id(3)] public int X { get; set; } [Id(3)] public int Y { get; set; } }
            """);

        Assert.Equal(["GCS002"], Ids(result));
        Assert.Contains("Id 3", result.GeneratorDiagnostics[0].GetMessage());
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Unsupported_member_types_are_reported_with_the_reason()
    {
        var result = SerializerGeneratorHarness.Run("""
            public sealed class NotSerializable { }
            [GenerateSerializer] public sealed class A
            {
                [Id(0)] public NotSerializable? Bad { get; set; }
                [Id(1)] public System.Collections.Generic.List<System.IO.Stream>? AlsoBad { get; set; }
                [Id(2)] public int[,]? Grid { get; set; }
            }
            """);

        Assert.Equal(["GCS003", "GCS003", "GCS003"], Ids(result));
        Assert.Contains(result.GeneratorDiagnostics, d => d.GetMessage().Contains("NotSerializable"));
        Assert.Contains(result.GeneratorDiagnostics, d => d.GetMessage().Contains("one-dimensional"));
    }

    [Fact]
    public void Members_generated_code_cannot_reach_are_reported()
    {
        var result = SerializerGeneratorHarness.Run("""
            [GenerateSerializer] public sealed class A
            {
                [Id(0)] private int Hidden { get; set; }
                [Id(1)] public int ReadOnly { get; }
                [Id(2)] public readonly int Field;
            }
            """);

        Assert.Equal(["GCS004", "GCS004", "GCS004"], Ids(result));
    }

    [Fact]
    public void Generic_and_private_types_are_reported()
    {
        var result = SerializerGeneratorHarness.Run("""
            [GenerateSerializer] public sealed class Box<T> { [Id(0)] public T? Value { get; set; } }
            public static class Outer { [GenerateSerializer] private sealed class Hidden { [Id(0)] public int X { get; set; } } }
            """);

        Assert.Equal(["GCS005", "GCS005"], Ids(result));
    }

    [Fact]
    public void A_hand_written_codec_marked_register_serializer_makes_its_type_a_valid_member()
    {
        var result = SerializerGeneratorHarness.Run("""
            public readonly struct Hash { public readonly ulong A; public Hash(ulong a) => A = a; }
            [RegisterSerializer] public sealed class HashCodec : IFieldCodec<Hash>
            {
                public System.Type ValueType => typeof(Hash);
                public WireType WireType => WireType.Fixed64;
                public void Write(GrainWriter writer, Hash value) => writer.WriteFixed64(value.A);
                public Hash Read(ref GrainReader reader) => new(reader.ReadFixed64());
            }
            [GenerateSerializer] public sealed record Block([property: Id(0)] Hash Id);
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
    }
}
