using System.Linq;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>
/// The seam between the proxy generator and the serializer's type rules: whether a grain method parameter can be
/// serialized. It answers conservatively (only types that certainly cannot be serialized are rejected) until the
/// serializer's own rule is wired in here.
/// </summary>
internal static class ParameterSerializability
{
    public static bool IsSerializable(ITypeSymbol type, WellKnownTypes known)
    {
        switch (type)
        {
            case IPointerTypeSymbol or IFunctionPointerTypeSymbol:
                return false;
            case IArrayTypeSymbol array:
                return IsSerializable(array.ElementType, known);
            case INamedTypeSymbol { TypeKind: TypeKind.Delegate }:
                return false;
            case INamedTypeSymbol named when named.IsRefLikeType:
                return false;
            case INamedTypeSymbol named when named.Locations.Any(l => l.IsInSource)
                                              && named.TypeKind is TypeKind.Class or TypeKind.Struct
                                              && !HasSerializerMarker(named):
                // A type of this compilation without a serializer marker gets no generated codec.
                return false;
            case INamedTypeSymbol { IsGenericType: true } generic:
                return generic.TypeArguments.All(t => IsSerializable(t, known));
            default:
                return true;
        }
    }

    private static bool HasSerializerMarker(INamedTypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() is
            "GrainChain.Runtime.Serialization.GenerateSerializerAttribute" or
            "GrainChain.Runtime.Serialization.ImmutableAttribute" or
            "GrainChain.Runtime.Serialization.RegisterSerializerAttribute");
}
