using GrainChain.Runtime.CodeGen.Serialization;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>
/// The seam between the proxy generator and the serializer's type rules: whether a grain method parameter can be
/// serialized. Grain references always can; everything else is the serializer's decision.
/// </summary>
internal static class ParameterSerializability
{
    public static bool IsSerializable(ITypeSymbol type, WellKnownTypes known, Compilation compilation)
    {
        if (type is INamedTypeSymbol named && known.IsGrainInterface(named))
        {
            return true;
        }
        return SerializableTypeRules.IsSerializable(type, compilation, out _);
    }
}
