using System.Linq;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>The runtime and BCL symbols the generator compares against, looked up once per compilation.</summary>
internal sealed class WellKnownTypes
{
    private WellKnownTypes(Compilation compilation, INamedTypeSymbol grainInterface)
    {
        IGrain = grainInterface;
        Grain = compilation.GetTypeByMetadataName("GrainChain.Runtime.Grain");
        IGrainContext = compilation.GetTypeByMetadataName("GrainChain.Runtime.IGrainContext");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        AlwaysInterleave = compilation.GetTypeByMetadataName("GrainChain.Runtime.Concurrency.AlwaysInterleaveAttribute");
        Reentrant = compilation.GetTypeByMetadataName("GrainChain.Runtime.Concurrency.ReentrantAttribute");
        PersistentState = compilation.GetTypeByMetadataName("GrainChain.Runtime.State.PersistentStateAttribute");
        IPersistentState = compilation.GetTypeByMetadataName("GrainChain.Runtime.State.IPersistentState`1");
        GrainTypeAttribute = compilation.GetTypeByMetadataName("GrainChain.Runtime.GrainTypeAttribute");
        FromKeyedServices = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        ActivatorUtilitiesConstructor = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute");
        KeyInterfaces = new[]
        {
            ("GrainChain.Runtime.IGrainWithStringKey", "String"),
            ("GrainChain.Runtime.IGrainWithGuidKey", "Guid"),
            ("GrainChain.Runtime.IGrainWithIntegerKey", "Integer"),
            ("GrainChain.Runtime.IGrainWithGuidCompoundKey", "GuidCompound"),
            ("GrainChain.Runtime.IGrainWithIntegerCompoundKey", "IntegerCompound"),
        }
        .Select(k => (Symbol: compilation.GetTypeByMetadataName(k.Item1), Kind: k.Item2))
        .Where(k => k.Symbol is not null)
        .Select(k => (k.Symbol!, k.Kind))
        .ToArray();
    }

    public INamedTypeSymbol IGrain { get; }
    public INamedTypeSymbol? Grain { get; }
    public INamedTypeSymbol? IGrainContext { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? TaskOfT { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }
    public INamedTypeSymbol? AlwaysInterleave { get; }
    public INamedTypeSymbol? Reentrant { get; }
    public INamedTypeSymbol? PersistentState { get; }
    public INamedTypeSymbol? IPersistentState { get; }
    public INamedTypeSymbol? GrainTypeAttribute { get; }
    public INamedTypeSymbol? FromKeyedServices { get; }
    public INamedTypeSymbol? ActivatorUtilitiesConstructor { get; }
    public (INamedTypeSymbol Symbol, string Kind)[] KeyInterfaces { get; }

    /// <summary>Null when the compilation does not reference the runtime: then there is nothing to generate.</summary>
    public static WellKnownTypes? Create(Compilation compilation) =>
        compilation.GetTypeByMetadataName("GrainChain.Runtime.IGrain") is { } grain ? new WellKnownTypes(compilation, grain) : null;

    /// <summary>True for IGrain and the key interfaces themselves, which get no proxies.</summary>
    public bool IsMarkerInterface(INamedTypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, IGrain) || KeyInterfaces.Any(k => SymbolEqualityComparer.Default.Equals(k.Symbol, type));

    public bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface && !IsMarkerInterface(type) && type.AllInterfaces.Contains(IGrain, SymbolEqualityComparer.Default);

    public string? KeyKindOf(INamedTypeSymbol grainInterface)
    {
        foreach (var (symbol, kind) in KeyInterfaces)
        {
            if (grainInterface.AllInterfaces.Contains(symbol, SymbolEqualityComparer.Default))
            {
                return kind;
            }
        }
        return null;
    }

    public bool DerivesFromGrain(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Grain))
            {
                return true;
            }
        }
        return false;
    }

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}
