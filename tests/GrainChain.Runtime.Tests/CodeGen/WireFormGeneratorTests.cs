using System.Globalization;
using System.Text.RegularExpressions;
using GrainChain.Runtime.Metadata;

namespace GrainChain.Runtime.Tests.CodeGen;

/// <summary>The generator gives every request its wire form and the registry a request factory per method.</summary>
public sealed partial class WireFormGeneratorTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using GrainChain.Runtime;
        using GrainChain.Runtime.Serialization;
        """;

    [GeneratedRegex(@"public override uint InterfaceId => 0x(?<id>[0-9A-F]{8})u;")]
    private static partial Regex InterfaceIdPattern();

    [Fact]
    public void Requests_carry_the_interface_id_the_runtime_computes_and_the_output_compiles()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Sample.Grüße;
            [GenerateSerializer] public sealed record Note([property: Id(0)] string Text);
            public interface IBaseGrain : IGrainWithStringKey { Task<string> NameAsync(); }
            public interface IGrüßGrain : IBaseGrain
            {
                Task PingAsync();
                Task<int> AddAsync(int a, long b, string? c, Note note, int[] values, List<Note> notes, IBaseGrain other);
                ValueTask<Note> EchoAsync(Note note);
                ValueTask ClearAsync();
            }
            public sealed class GrüßGrain : Grain, IGrüßGrain
            {
                public Task<string> NameAsync() => Task.FromResult("");
                public Task PingAsync() => Task.CompletedTask;
                public Task<int> AddAsync(int a, long b, string? c, Note note, int[] values, List<Note> notes, IBaseGrain other) => Task.FromResult(a);
                public ValueTask<Note> EchoAsync(Note note) => new(note);
                public ValueTask ClearAsync() => default;
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        var proxy = result.GeneratedSources["GrainProxy_Sample_Grüße_IGrüßGrain.g.cs"];
        var ids = InterfaceIdPattern().Matches(proxy).Select(m => uint.Parse(m.Groups["id"].Value, NumberStyles.HexNumber)).ToList();
        // Four methods of its own and one inherited, which keeps its declaring interface's id.
        Assert.Equal(4, ids.Count(id => id == GrainInterfaceId.Compute("Sample.Grüße.IGrüßGrain")));
        Assert.Equal(1, ids.Count(id => id == GrainInterfaceId.Compute("Sample.Grüße.IBaseGrain")));
        Assert.Equal(5, Regex.Matches(proxy, "public override void WriteArguments").Count);
        Assert.Equal(5, Regex.Matches(proxy, "public override void ReadArguments").Count);
        Assert.Equal(5, Regex.Matches(proxy, "builder.AddRequestFactory").Count);
        Assert.Contains("GrainProxy_Sample_Grüße_IGrüßGrain.AddRequestFactories(builder);", result.GeneratedSources["GrainRegistry.g.cs"]);
    }

    [Fact]
    public void Generic_grain_interfaces_are_still_reported_rather_than_generated()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Sample;
            public interface IBoxGrain<T> : IGrainWithStringKey { Task<T> GetAsync(); }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("GC0004", diagnostic.Id);
        Assert.DoesNotContain(result.GeneratedFiles, f => f.Contains("IBoxGrain"));
    }
}
