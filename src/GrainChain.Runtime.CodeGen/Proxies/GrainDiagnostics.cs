using System.Linq;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>The diagnostics the grain proxy generator reports, GC0001 onward.</summary>
public static class GrainDiagnostics
{
    private const string Category = "GrainChain.Grains";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        "GC0001", "Grain method must return a task",
        "Grain method '{0}.{1}' returns '{2}'; grain methods return Task, Task<T>, ValueTask or ValueTask<T>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingKeyKind = new(
        "GC0002", "Grain interface has no key kind",
        "Grain interface '{0}' must extend one of IGrainWithStringKey, IGrainWithGuidKey, IGrainWithIntegerKey, IGrainWithGuidCompoundKey or IGrainWithIntegerCompoundKey",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NonSerializableParameter = new(
        "GC0003", "Grain method parameter is not serializable",
        "Parameter '{0}' of grain method '{1}.{2}' has type '{3}', which the grain serializer cannot serialize (mark it [GenerateSerializer] or [Immutable])",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericNotSupported = new(
        "GC0004", "Generic grain interfaces and methods are not supported",
        "'{0}' is generic; grain interfaces, grain classes and grain methods cannot have type parameters yet",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PropertyOrEvent = new(
        "GC0005", "Grain interfaces contain only methods",
        "Grain interface '{0}' declares '{1}', which is not a method; grain interfaces contain only methods",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByReferenceParameter = new(
        "GC0006", "Grain method parameters are passed by value",
        "Parameter '{0}' of grain method '{1}.{2}' is ref, out or in; grain calls are messages and pass parameters by value",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Inaccessible = new(
        "GC0007", "Grain type is not accessible to generated code",
        "'{0}' must be public or internal (and so must the types that contain it, and a grain class's constructor) for the runtime to use it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidPersistentState = new(
        "GC0008", "[PersistentState] parameter must be IPersistentState<T>",
        "Parameter '{0}' of '{1}' has [PersistentState] but its type is '{2}'; use IPersistentState<T>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
