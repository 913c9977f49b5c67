using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>
    /// Decides at compile time whether a type can cross a grain call: the serializer's built-in types,
    /// [GenerateSerializer] and [Immutable] types, exceptions, grain interfaces, and types with a hand-written
    /// codec marked [RegisterSerializer] in the compilation.
    /// </summary>
    public static class SerializableTypeRules
    {
        public const string AttributeNamespace = "GrainChain.Runtime.Serialization";
        public const string GenerateSerializerAttribute = AttributeNamespace + ".GenerateSerializerAttribute";
        public const string IdAttribute = AttributeNamespace + ".IdAttribute";
        public const string AliasAttribute = AttributeNamespace + ".AliasAttribute";
        public const string ImmutableAttribute = AttributeNamespace + ".ImmutableAttribute";
        public const string RegisterSerializerAttribute = AttributeNamespace + ".RegisterSerializerAttribute";

        private static readonly HashSet<string> GrainInterfaceRoots = new HashSet<string>
        {
            "IAddressable", "IGrain", "IGrainWithStringKey", "IGrainWithGuidKey", "IGrainWithIntegerKey", "IGrainObserver",
        };

        private static readonly HashSet<string> BuiltInValueTypes = new HashSet<string>
        {
            "System.Guid", "System.DateTime", "System.DateTimeOffset", "System.TimeSpan",
            "GrainChain.Runtime.GrainId", "GrainChain.Runtime.GrainInterfaceType", "GrainChain.Runtime.Streams.StreamId",
            "GrainChain.Runtime.Membership.SiloAddress",
        };

        private static readonly HashSet<string> BuiltInGenerics = new HashSet<string>
        {
            "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
            "System.Collections.Generic.KeyValuePair`2", "System.Collections.Immutable.ImmutableArray`1",
            "System.Collections.Immutable.ImmutableList`1", "System.Collections.Immutable.ImmutableDictionary`2",
            "System.Collections.Immutable.ImmutableHashSet`1", "System.ValueTuple`2", "System.ValueTuple`3", "System.ValueTuple`4",
            "System.Tuple`2", "System.Tuple`3", "System.Tuple`4", "System.Nullable`1",
        };

        private static readonly ConditionalWeakTable<Compilation, HashSet<string>> RegisteredCodecTargets =
            new ConditionalWeakTable<Compilation, HashSet<string>>();

        /// <summary>True when values of <paramref name="type"/> can be serialized; otherwise <paramref name="reason"/> says why not.</summary>
        public static bool IsSerializable(ITypeSymbol type, out string reason) => IsSerializable(type, null, out reason);

        /// <summary>
        /// As <see cref="IsSerializable(ITypeSymbol, out string)"/>, also accepting types whose codec is a class in
        /// <paramref name="compilation"/> marked [RegisterSerializer] that implements IFieldCodec&lt;T&gt;.
        /// </summary>
        public static bool IsSerializable(ITypeSymbol type, Compilation? compilation, out string reason)
        {
            var codecTargets = compilation is null ? null : RegisteredCodecTargets.GetValue(compilation, FindRegisteredCodecTargets);
            return Check(type, codecTargets, 0, out reason);
        }

        /// <summary>True for types whose deep copy can be the value itself (primitives, string, enums, [Immutable] types).</summary>
        public static bool IsShallowImmutable(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Char:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_String:
                case SpecialType.System_DateTime:
                    return true;
            }

            return type.TypeKind == TypeKind.Enum
                || BuiltInValueTypes.Contains(MetadataName(type))
                || HasAttribute(type, ImmutableAttribute);
        }

        private static bool Check(ITypeSymbol type, HashSet<string>? codecTargets, int depth, out string reason)
        {
            reason = string.Empty;
            if (depth > 16)
            {
                reason = "it nests too deeply";
                return false;
            }

            switch (type.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Char:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_String:
                case SpecialType.System_DateTime:
                case SpecialType.System_Object:
                    return true;
            }

            if (type is IArrayTypeSymbol array)
            {
                if (array.Rank != 1)
                {
                    reason = "only one-dimensional arrays are supported";
                    return false;
                }

                return Check(array.ElementType, codecTargets, depth + 1, out reason);
            }

            if (type.TypeKind == TypeKind.Enum || BuiltInValueTypes.Contains(MetadataName(type)))
            {
                return true;
            }

            if (codecTargets != null && codecTargets.Contains(FullName(type)))
            {
                return true;
            }

            if (HasAttribute(type, GenerateSerializerAttribute) || HasAttribute(type, ImmutableAttribute))
            {
                return true;
            }

            if (IsException(type) || IsGrainInterface(type))
            {
                return true;
            }

            if (type is INamedTypeSymbol named && named.IsGenericType)
            {
                var definition = MetadataName(named.OriginalDefinition);
                if (definition == "System.Memory`1" || definition == "System.ReadOnlyMemory`1")
                {
                    if (named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
                    {
                        return true;
                    }

                    reason = $"only {named.Name}<byte> is supported";
                    return false;
                }

                if (BuiltInGenerics.Contains(definition))
                {
                    foreach (var argument in named.TypeArguments)
                    {
                        if (!Check(argument, codecTargets, depth + 1, out var inner))
                        {
                            reason = $"its type argument {argument.ToDisplayString()} is not serializable ({inner})";
                            return false;
                        }
                    }

                    return true;
                }
            }

            if (type.TypeKind == TypeKind.TypeParameter)
            {
                reason = "open type parameters are not supported";
                return false;
            }

            reason = $"{type.ToDisplayString()} is not a built-in type, has no [GenerateSerializer] or [Immutable], and no [RegisterSerializer] codec";
            return false;
        }

        private static bool IsException(ITypeSymbol type)
        {
            for (var current = type; current != null; current = current.BaseType)
            {
                if (MetadataName(current) == "System.Exception")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsGrainInterface(ITypeSymbol type) =>
            type.TypeKind == TypeKind.Interface
            && new[] { type }.Concat(type.AllInterfaces).Any(i =>
                GrainInterfaceRoots.Contains(i.Name)
                && i.ContainingNamespace?.ToDisplayString().StartsWith("GrainChain.Runtime", System.StringComparison.Ordinal) == true);

        internal static bool HasAttribute(ISymbol symbol, string attributeFullName) =>
            symbol.GetAttributes().Any(a => a.AttributeClass != null && FullName(a.AttributeClass) == attributeFullName);

        private static HashSet<string> FindRegisteredCodecTargets(Compilation compilation)
        {
            var targets = new HashSet<string>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var node in tree.GetRoot().DescendantNodes())
                {
                    if (!(node is Microsoft.CodeAnalysis.CSharp.Syntax.ClassDeclarationSyntax classSyntax) || classSyntax.AttributeLists.Count == 0)
                    {
                        continue;
                    }

                    if (!(model.GetDeclaredSymbol(classSyntax) is INamedTypeSymbol codec) || !HasAttribute(codec, RegisterSerializerAttribute))
                    {
                        continue;
                    }

                    foreach (var implemented in codec.AllInterfaces)
                    {
                        if (implemented.IsGenericType && MetadataName(implemented.OriginalDefinition) == AttributeNamespace + ".IFieldCodec`1")
                        {
                            targets.Add(FullName(implemented.TypeArguments[0]));
                        }
                    }
                }
            }

            return targets;
        }

        internal static string FullName(ITypeSymbol type) =>
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty);

        internal static string MetadataName(ITypeSymbol type)
        {
            var ns = type.ContainingNamespace;
            var prefix = ns == null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString() + ".";
            var containing = type.ContainingType;
            var name = type.MetadataName;
            while (containing != null)
            {
                name = containing.MetadataName + "+" + name;
                containing = containing.ContainingType;
            }

            return prefix + name;
        }
    }
}
