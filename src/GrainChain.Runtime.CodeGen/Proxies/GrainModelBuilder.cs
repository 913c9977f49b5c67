using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>Turns grain interface and grain class symbols into models, reporting what cannot be generated.</summary>
internal sealed class GrainModelBuilder
{
    private readonly WellKnownTypes _known;
    private readonly List<Diagnostic> _diagnostics = new();
    private readonly Dictionary<INamedTypeSymbol, bool> _interfaceValidity = new(SymbolEqualityComparer.Default);

    private readonly Compilation _compilation;

    public GrainModelBuilder(WellKnownTypes known, Compilation compilation)
    {
        _known = known;
        _compilation = compilation;
    }

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public GrainInterfaceModel? BuildInterface(INamedTypeSymbol grainInterface)
    {
        bool valid = ValidateDeclaredMembers(grainInterface);
        var keyKind = _known.KeyKindOf(grainInterface);
        if (keyKind is null)
        {
            Report(GrainDiagnostics.MissingKeyKind, grainInterface, grainInterface.ToDisplayString());
            valid = false;
        }
        foreach (var baseInterface in grainInterface.AllInterfaces)
        {
            if (_known.IsGrainInterface(baseInterface) && !ValidateDeclaredMembers(baseInterface))
            {
                valid = false;
            }
        }
        if (!valid)
        {
            return null;
        }

        var methods = new List<GrainMethodModel>();
        foreach (var declaring in new[] { grainInterface }.Concat(grainInterface.AllInterfaces.Where(_known.IsGrainInterface)))
        {
            int methodId = 0;
            foreach (var method in declaring.GetMembers().OfType<IMethodSymbol>().Where(IsProxiedMethod))
            {
                methods.Add(BuildMethod(declaring, method, methodId++));
            }
        }
        var metadataName = SymbolNames.MetadataName(grainInterface);
        return new GrainInterfaceModel(SymbolNames.Qualified(grainInterface), metadataName, keyKind!, "GrainProxy_" + SymbolNames.Identifier(metadataName), methods);
    }

    public GrainClassModel? BuildClass(INamedTypeSymbol grainClass)
    {
        if (grainClass.IsAbstract || grainClass.IsStatic || !_known.DerivesFromGrain(grainClass))
        {
            return null;
        }
        if (grainClass.IsGenericType)
        {
            Report(GrainDiagnostics.GenericNotSupported, grainClass, grainClass.ToDisplayString());
            return null;
        }
        var constructor = ChooseConstructor(grainClass);
        if (!SymbolNames.IsAccessible(grainClass) || constructor is null)
        {
            Report(GrainDiagnostics.Inaccessible, grainClass, grainClass.ToDisplayString());
            return null;
        }

        var arguments = new List<string>();
        foreach (var parameter in constructor.Parameters)
        {
            var argument = ConstructorArgument(grainClass, parameter);
            if (argument is null)
            {
                return null;
            }
            arguments.Add(argument);
        }

        var interfaces = grainClass.AllInterfaces
            .Where(i => _known.IsGrainInterface(i) && !i.IsGenericType && SymbolNames.IsAccessible(i))
            .Select(SymbolNames.Qualified)
            .ToList();
        return new GrainClassModel(SymbolNames.Qualified(grainClass), GrainTypeName(grainClass), IsReentrant(grainClass), interfaces, arguments);
    }

    private bool ValidateDeclaredMembers(INamedTypeSymbol grainInterface)
    {
        if (_interfaceValidity.TryGetValue(grainInterface, out var known))
        {
            return known;
        }
        if (!grainInterface.Locations.Any(l => l.IsInSource))
        {
            // Interfaces from referenced assemblies were checked when their own assembly was compiled.
            return _interfaceValidity[grainInterface] = true;
        }
        bool valid = true;
        if (grainInterface.IsGenericType)
        {
            Report(GrainDiagnostics.GenericNotSupported, grainInterface, grainInterface.ToDisplayString());
            valid = false;
        }
        if (!SymbolNames.IsAccessible(grainInterface))
        {
            Report(GrainDiagnostics.Inaccessible, grainInterface, grainInterface.ToDisplayString());
            valid = false;
        }
        foreach (var member in grainInterface.GetMembers())
        {
            if (member.IsStatic)
            {
                continue;
            }
            switch (member)
            {
                case IPropertySymbol or IEventSymbol:
                    Report(GrainDiagnostics.PropertyOrEvent, member, grainInterface.Name, member.Name);
                    valid = false;
                    break;
                case IMethodSymbol method when IsProxiedMethod(method):
                    valid &= ValidateMethod(grainInterface, method);
                    break;
            }
        }
        _interfaceValidity[grainInterface] = valid;
        return valid;
    }

    private bool ValidateMethod(INamedTypeSymbol grainInterface, IMethodSymbol method)
    {
        bool valid = true;
        if (ShapeOf(method.ReturnType) is null)
        {
            Report(GrainDiagnostics.InvalidReturnType, method, grainInterface.Name, method.Name, method.ReturnType.ToDisplayString());
            valid = false;
        }
        if (method.IsGenericMethod)
        {
            Report(GrainDiagnostics.GenericNotSupported, method, $"{grainInterface.Name}.{method.Name}");
            valid = false;
        }
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                Report(GrainDiagnostics.ByReferenceParameter, parameter, parameter.Name, grainInterface.Name, method.Name);
                valid = false;
            }
            else if (!ParameterSerializability.IsSerializable(parameter.Type, _known, _compilation))
            {
                Report(GrainDiagnostics.NonSerializableParameter, parameter, parameter.Name, grainInterface.Name, method.Name, parameter.Type.ToDisplayString());
                valid = false;
            }
        }
        return valid;
    }

    private GrainMethodModel BuildMethod(INamedTypeSymbol declaring, IMethodSymbol method, int methodId)
    {
        var shape = ShapeOf(method.ReturnType)!.Value;
        string? resultType = shape is ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT
            ? SymbolNames.Qualified(((INamedTypeSymbol)method.ReturnType).TypeArguments[0])
            : null;
        var parameters = method.Parameters
            .Select(p => new GrainParameterModel(p.Name, SymbolNames.Qualified(p.Type), IsImmutable(p.Type)))
            .ToList();
        return new GrainMethodModel(
            SymbolNames.Qualified(declaring), SymbolNames.MetadataName(declaring), method.Name, methodId, shape,
            SymbolNames.Qualified(method.ReturnType), resultType,
            WellKnownTypes.HasAttribute(method, _known.AlwaysInterleave), parameters);
    }

    private static bool IsProxiedMethod(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Ordinary && !method.IsStatic;

    private ReturnShape? ShapeOf(ITypeSymbol returnType)
    {
        var definition = returnType.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(definition, _known.Task))
        {
            return ReturnShape.Task;
        }
        if (SymbolEqualityComparer.Default.Equals(definition, _known.TaskOfT))
        {
            return ReturnShape.TaskOfT;
        }
        if (SymbolEqualityComparer.Default.Equals(definition, _known.ValueTask))
        {
            return ReturnShape.ValueTask;
        }
        if (SymbolEqualityComparer.Default.Equals(definition, _known.ValueTaskOfT))
        {
            return ReturnShape.ValueTaskOfT;
        }
        return null;
    }

    // Types passed between caller and grain without any copy; the runtime's own check covers the rest at run time.
    private bool IsImmutable(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return true;
        }
        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
                or SpecialType.System_Decimal or SpecialType.System_String or SpecialType.System_DateTime:
                return true;
        }
        if (type is INamedTypeSymbol named)
        {
            var name = SymbolNames.MetadataName(named);
            if (name is "System.Guid" or "System.TimeSpan" or "System.DateTimeOffset" or "GrainChain.Runtime.GrainId")
            {
                return true;
            }
            if (_known.IsGrainInterface(named))
            {
                return true;
            }
        }
        return false;
    }

    private IMethodSymbol? ChooseConstructor(INamedTypeSymbol grainClass)
    {
        var candidates = grainClass.InstanceConstructors
            .Where(c => c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
            .ToList();
        return candidates.FirstOrDefault(c => WellKnownTypes.HasAttribute(c, _known.ActivatorUtilitiesConstructor))
            ?? candidates.OrderByDescending(c => c.Parameters.Length).FirstOrDefault();
    }

    private string? ConstructorArgument(INamedTypeSymbol grainClass, IParameterSymbol parameter)
    {
        var type = SymbolNames.Qualified(parameter.Type);
        var persistentState = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _known.PersistentState));
        if (persistentState is not null)
        {
            if (parameter.Type is not INamedTypeSymbol { IsGenericType: true } stateType
                || !SymbolEqualityComparer.Default.Equals(stateType.OriginalDefinition, _known.IPersistentState))
            {
                Report(GrainDiagnostics.InvalidPersistentState, parameter, parameter.Name, grainClass.Name, parameter.Type.ToDisplayString());
                return null;
            }
            var stateName = persistentState.ConstructorArguments.Length > 0 ? persistentState.ConstructorArguments[0].Value as string : null;
            var storageName = persistentState.ConstructorArguments.Length > 1 ? persistentState.ConstructorArguments[1].Value as string : null;
            var valueType = SymbolNames.Qualified(stateType.TypeArguments[0]);
            return $"global::GrainChain.Runtime.Metadata.GrainActivatorServices.PersistentState<{valueType}>(context, {SymbolNames.Literal(stateName)}, {SymbolNames.Literal(storageName)})";
        }
        if (SymbolEqualityComparer.Default.Equals(parameter.Type, _known.IGrainContext))
        {
            return "context";
        }
        var keyed = parameter.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _known.FromKeyedServices));
        if (keyed is not null && keyed.ConstructorArguments.Length == 1)
        {
            return $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderKeyedServiceExtensions.GetRequiredKeyedService<{type}>(services, {keyed.ConstructorArguments[0].ToCSharpString()})";
        }
        return $"global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<{type}>(services)";
    }

    private string GrainTypeName(INamedTypeSymbol grainClass)
    {
        var attribute = grainClass.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _known.GrainTypeAttribute));
        if (attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is string explicitName)
        {
            return explicitName;
        }
        var name = grainClass.Name;
        if (name.Length > "Grain".Length && name.EndsWith("Grain", System.StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Grain".Length);
        }
        return name.ToLowerInvariant();
    }

    private bool IsReentrant(INamedTypeSymbol grainClass)
    {
        for (var current = grainClass; current is not null; current = current.BaseType)
        {
            if (WellKnownTypes.HasAttribute(current, _known.Reentrant))
            {
                return true;
            }
        }
        return false;
    }

    private void Report(DiagnosticDescriptor descriptor, ISymbol symbol, params object[] arguments) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, symbol.Locations.FirstOrDefault(l => l.IsInSource) ?? Location.None, arguments));
}
