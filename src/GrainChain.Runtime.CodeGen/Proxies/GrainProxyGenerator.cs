using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>
/// Generates, for every grain interface, a proxy with one pooled request class per method (method id, captured
/// arguments, a direct call into the grain), and for the assembly a registry of interfaces and grain classes
/// (with constructor-injection factories), so the runtime needs no reflection on the call path.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainProxyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (syntax, ct) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, ct) as INamedTypeSymbol)
            .Where(static symbol => symbol is not null)
            .Collect();
        var classes = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax { BaseList: not null },
                static (syntax, ct) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, ct) as INamedTypeSymbol)
            .Where(static symbol => symbol is not null)
            .Collect();

        var input = context.CompilationProvider.Combine(interfaces).Combine(classes);
        context.RegisterSourceOutput(input, static (output, data) => Generate(output, data.Left.Left, data.Left.Right!, data.Right!));
    }

    private static void Generate(SourceProductionContext output, Compilation compilation,
        ImmutableArray<INamedTypeSymbol?> interfaceSymbols, ImmutableArray<INamedTypeSymbol?> classSymbols)
    {
        var known = WellKnownTypes.Create(compilation);
        if (known is null)
        {
            return;
        }
        var builder = new GrainModelBuilder(known, compilation);

        var interfaces = new List<GrainInterfaceModel>();
        foreach (var symbol in interfaceSymbols.Distinct<INamedTypeSymbol?>(SymbolEqualityComparer.Default))
        {
            if (symbol is not null && known.IsGrainInterface(symbol) && builder.BuildInterface(symbol) is { } model)
            {
                interfaces.Add(model);
            }
        }

        var classes = new List<GrainClassModel>();
        foreach (var symbol in classSymbols.Distinct<INamedTypeSymbol?>(SymbolEqualityComparer.Default))
        {
            if (symbol is not null && builder.BuildClass(symbol) is { } model)
            {
                classes.Add(model);
            }
        }

        foreach (var diagnostic in builder.Diagnostics)
        {
            output.ReportDiagnostic(diagnostic);
        }
        foreach (var model in interfaces.OrderBy(m => m.MetadataName, System.StringComparer.Ordinal))
        {
            output.AddSource(model.ProxyName + ".g.cs", ProxyEmitter.Emit(model));
        }
        if (interfaces.Count > 0 || classes.Count > 0)
        {
            output.AddSource("GrainRegistry.g.cs", RegistryEmitter.Emit(compilation.AssemblyName ?? "Assembly", interfaces, classes));
        }
    }
}
