using System.Collections.Immutable;
using GrainChain.Runtime.CodeGen.Serialization;
using GrainChain.Runtime.Serialization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>Runs the serializer generator over sample source, as the compiler does in a build, and compiles the result.</summary>
internal static class SerializerGeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. platform.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(IGrainSerializer).Assembly.Location)];
    });

    public sealed record Result(ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilationErrors, ImmutableArray<string> GeneratedSources, CSharpCompilation Compilation);

    public static Result Run(string source)
    {
        var compilation = CreateCompilation(source);
        var driver = CSharpGeneratorDriver.Create(new SerializerGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        var sources = driver.GetRunResult().GeneratedTrees.Select(t => t.ToString()).ToImmutableArray();
        return new Result(diagnostics, errors, sources, (CSharpCompilation)output);
    }

    public static CSharpCompilation CreateCompilation(string source) => CSharpCompilation.Create(
        "Sample",
        [CSharpSyntaxTree.ParseText("using GrainChain.Runtime.Serialization;\n" + source, new CSharpParseOptions(LanguageVersion.Latest))],
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
