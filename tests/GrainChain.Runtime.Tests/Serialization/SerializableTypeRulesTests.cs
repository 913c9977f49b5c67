using GrainChain.Runtime.CodeGen.Serialization;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class SerializableTypeRulesTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        public enum Mode { A }
        public interface ICounterGrain : GrainChain.Runtime.IGrainWithStringKey { }
        public interface INotAGrain { }
        [GenerateSerializer] public sealed record Gen([property: Id(0)] int X);
        [Immutable] public sealed class Frozen { }
        public sealed class Plain { }
        public sealed class MyError : Exception { }
        public readonly struct Hash { }
        [RegisterSerializer] public sealed class HashCodec : IFieldCodec<Hash>
        {
            public Type ValueType => typeof(Hash);
            public WireType WireType => WireType.Fixed64;
            public void Write(GrainWriter writer, Hash value) { }
            public Hash Read(ref GrainReader reader) => default;
        }
        public static class Probe
        {
            public static void Accepted(
                int a, string b, byte[] c, Guid d, DateTimeOffset e, TimeSpan f, decimal g, Mode h, int? i,
                List<Gen> j, Dictionary<string, Frozen[]> k, ImmutableArray<Gen> l, (int, string) m, Tuple<int, Gen, long> n,
                KeyValuePair<string, HashSet<int>> o, ReadOnlyMemory<byte> p, object q, MyError r, Hash s, ImmutableDictionary<int, Gen> t, ICounterGrain u) { }

            public static void Refused(Plain a, List<Plain> b, int[,] c, Memory<int> d, Action e, System.IO.Stream f, INotAGrain g) { }
        }
        """;

    private static IEnumerable<IParameterSymbol> Parameters(Compilation compilation, string method) =>
        compilation.GetTypeByMetadataName("Probe")!.GetMembers(method).Cast<IMethodSymbol>().Single().Parameters;

    [Fact]
    public void Built_in_generated_immutable_exception_and_registered_codec_types_are_serializable()
    {
        var compilation = SerializerGeneratorHarness.CreateCompilation(Source);
        foreach (var parameter in Parameters(compilation, "Accepted"))
        {
            Assert.True(SerializableTypeRules.IsSerializable(parameter.Type, compilation, out var reason), $"{parameter.Type}: {reason}");
        }
    }

    [Fact]
    public void Other_types_are_refused_with_a_reason()
    {
        var compilation = SerializerGeneratorHarness.CreateCompilation(Source);
        foreach (var parameter in Parameters(compilation, "Refused"))
        {
            Assert.False(SerializableTypeRules.IsSerializable(parameter.Type, compilation, out var reason), parameter.Type.ToString());
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }
    }

    [Fact]
    public void Without_a_compilation_registered_codecs_are_unknown()
    {
        var compilation = SerializerGeneratorHarness.CreateCompilation(Source);
        var hash = compilation.GetTypeByMetadataName("Hash")!;
        Assert.False(SerializableTypeRules.IsSerializable(hash, out _));
        Assert.True(SerializableTypeRules.IsSerializable(hash, compilation, out _));
    }
}
