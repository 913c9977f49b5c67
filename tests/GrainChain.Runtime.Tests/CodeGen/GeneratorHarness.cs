using System.Collections.Immutable;
using GrainChain.Runtime.CodeGen.Proxies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GrainChain.Runtime.Tests.CodeGen;

/// <summary>Runs the grain proxy generator over sample source, the way the compiler does in a build.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. platform.Select(p => MetadataReference.CreateFromFile(p)), MetadataReference.CreateFromFile(typeof(IGrain).Assembly.Location)];
    });

    public sealed record Result(ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilationErrors, ImmutableArray<string> GeneratedFiles,
        ImmutableDictionary<string, string> GeneratedSources);

    public static Result Run(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Sample",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(new GrainProxyGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        var trees = driver.GetRunResult().GeneratedTrees;
        var files = trees.Select(t => Path.GetFileName(t.FilePath)).ToImmutableArray();
        var sources = trees.ToImmutableDictionary(t => Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        return new Result(diagnostics, errors, files, sources);
    }
}
