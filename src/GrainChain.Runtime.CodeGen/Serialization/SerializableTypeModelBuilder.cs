using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>Reads a [GenerateSerializer] type's symbol into a model, reporting what makes it unserializable.</summary>
    internal static class SerializableTypeModelBuilder
    {
        public static SerializerGenerationResult Build(INamedTypeSymbol type, Compilation compilation, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var typeLocation = type.Locations.FirstOrDefault();
            var display = type.ToDisplayString();

            if (type.IsGenericType)
            {
                diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.UnsupportedType, typeLocation, display, "generic types are not supported"));
                return new SerializerGenerationResult(null, null, diagnostics);
            }

            for (var container = (INamedTypeSymbol?)type; container != null; container = container.ContainingType)
            {
                if (!IsAccessible(container.DeclaredAccessibility))
                {
                    diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.UnsupportedType, typeLocation, display, "it (or a type containing it) is private or protected"));
                    return new SerializerGenerationResult(null, null, diagnostics);
                }
            }

            var model = new SerializableTypeModel
            {
                TypeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                DisplayName = type.Name,
                CodecName = "Codec_" + Sanitize(SerializableTypeRules.MetadataName(type)),
                Alias = AliasOf(type),
                IsValueType = type.IsValueType,
                IsImmutable = SerializableTypeRules.HasAttribute(type, SerializableTypeRules.ImmutableAttribute),
            };

            var members = CollectMembers(type, diagnostics, cancellationToken);
            var byId = new Dictionary<uint, (string Name, ISymbol Symbol)>();
            foreach (var (symbol, id, memberType) in members)
            {
                if (byId.TryGetValue(id, out var first))
                {
                    diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.DuplicateId, symbol.Locations.FirstOrDefault(), id.ToString(), first.Name, symbol.Name, display));
                    continue;
                }

                byId[id] = (symbol.Name, symbol);
                if (!SerializableTypeRules.IsSerializable(memberType, compilation, out var reason))
                {
                    diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.UnsupportedMemberType, symbol.Locations.FirstOrDefault(), symbol.Name, display, reason));
                    continue;
                }

                if (!CanRead(symbol))
                {
                    diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.MemberNotAccessible, symbol.Locations.FirstOrDefault(), symbol.Name, display,
                        "cannot be read by generated code: make it public or internal"));
                    continue;
                }

                model.Members.Add(new SerializableMemberModel(symbol.Name, id, memberType));
                if (memberType.TypeKind == TypeKind.Enum)
                {
                    model.Enums.Add(new KeyValuePair<string, string>(
                        memberType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), AliasOf((INamedTypeSymbol)memberType)));
                }
            }

            if (type.IsAbstract)
            {
                // Abstract types contribute members to their derived types; no codec of their own.
                return new SerializerGenerationResult(null, null, diagnostics);
            }

            ChooseConstructor(type, model, members, diagnostics, display, typeLocation);
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error))
            {
                return new SerializerGenerationResult(null, null, diagnostics);
            }

            return new SerializerGenerationResult(model.CodecName + ".g.cs", SerializerEmitter.Emit(model), diagnostics);
        }

        private static List<(ISymbol Symbol, uint Id, ITypeSymbol Type)> CollectMembers(
            INamedTypeSymbol type, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            var result = new List<(ISymbol, uint, ITypeSymbol)>();
            var seen = new HashSet<string>();
            for (var current = type; current != null && current.SpecialType != SpecialType.System_Object && current.SpecialType != SpecialType.System_ValueType; current = current.BaseType)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var parameterIds = PrimaryConstructorParameterIds(current);
                foreach (var member in current.GetMembers())
                {
                    if (member.IsStatic || !seen.Add(member.Name))
                    {
                        continue;
                    }

                    ITypeSymbol memberType;
                    bool isDataMember;
                    if (member is IFieldSymbol field && !field.IsConst && !field.IsImplicitlyDeclared)
                    {
                        memberType = field.Type;
                        isDataMember = IsAccessible(field.DeclaredAccessibility);
                    }
                    else if (member is IPropertySymbol property && !property.IsIndexer && property.Name != "EqualityContract")
                    {
                        memberType = property.Type;
                        isDataMember = IsAccessible(property.DeclaredAccessibility) && IsAutoProperty(property);
                    }
                    else
                    {
                        continue;
                    }

                    var id = IdOf(member) ?? (parameterIds.TryGetValue(member.Name, out var parameterId) ? parameterId : (uint?)null);
                    if (id.HasValue)
                    {
                        result.Add((member, id.Value, memberType));
                    }
                    else if (isDataMember && !HasNonSerialized(member))
                    {
                        diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.MemberWithoutId, member.Locations.FirstOrDefault(), member.Name, type.ToDisplayString()));
                    }
                }
            }

            return result;
        }

        private static void ChooseConstructor(
            INamedTypeSymbol type, SerializableTypeModel model, List<(ISymbol Symbol, uint Id, ITypeSymbol Type)> members,
            List<DiagnosticInfo> diagnostics, string display, Location? typeLocation)
        {
            IMethodSymbol? best = null;
            foreach (var constructor in type.InstanceConstructors)
            {
                if (!IsAccessible(constructor.DeclaredAccessibility))
                {
                    continue;
                }

                var matches = constructor.Parameters.All(p => model.Members.Any(m =>
                    string.Equals(m.Name, p.Name, StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(m.Type.WithNullableAnnotation(NullableAnnotation.None), p.Type.WithNullableAnnotation(NullableAnnotation.None))));
                if (matches && (best == null || constructor.Parameters.Length > best.Parameters.Length))
                {
                    best = constructor;
                }
            }

            if (best == null)
            {
                diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.UnsupportedType, typeLocation, display,
                    "it needs an accessible constructor whose parameters all match [Id] members by name and type"));
                return;
            }

            foreach (var parameter in best.Parameters)
            {
                var member = model.Members.First(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                member.InConstructor = true;
                model.ConstructorArguments.Add(member);
            }

            foreach (var member in model.Members.Where(m => !m.InConstructor))
            {
                var symbol = members.First(m => m.Symbol.Name == member.Name).Symbol;
                if (!CanSet(symbol))
                {
                    diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.MemberNotAccessible, symbol.Locations.FirstOrDefault(), member.Name, display,
                        "cannot be set by generated code: give it an accessible setter or init accessor, or a matching constructor parameter"));
                }
            }

            var setsRequired = best.GetAttributes().Any(a => a.AttributeClass?.Name == "SetsRequiredMembersAttribute");
            if (!setsRequired)
            {
                for (var current = type; current != null; current = current.BaseType)
                {
                    foreach (var member in current.GetMembers())
                    {
                        var required = member is IPropertySymbol p ? p.IsRequired : member is IFieldSymbol f && f.IsRequired;
                        if (required && model.Members.All(m => m.Name != member.Name))
                        {
                            diagnostics.Add(new DiagnosticInfo(SerializerDiagnostics.MemberNotAccessible, member.Locations.FirstOrDefault(), member.Name, display,
                                "is required but has no [Id], so generated code cannot set it"));
                        }
                    }
                }
            }
        }

        private static Dictionary<string, uint> PrimaryConstructorParameterIds(INamedTypeSymbol type)
        {
            var result = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    var id = IdOf(parameter);
                    if (id.HasValue)
                    {
                        result[parameter.Name] = id.Value;
                    }
                }
            }

            return result;
        }

        private static uint? IdOf(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass != null
                    && SerializableTypeRules.FullName(attribute.AttributeClass) == SerializableTypeRules.IdAttribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is uint id)
                {
                    return id;
                }
            }

            return null;
        }

        private static bool HasNonSerialized(ISymbol member) =>
            member.GetAttributes().Any(a => a.AttributeClass?.Name == "NonSerializedAttribute");

        private static bool IsAutoProperty(IPropertySymbol property) =>
            property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

        private static bool CanRead(ISymbol symbol) => symbol switch
        {
            IFieldSymbol field => IsAccessible(field.DeclaredAccessibility),
            IPropertySymbol property => property.GetMethod != null && IsAccessible(property.GetMethod.DeclaredAccessibility),
            _ => false,
        };

        private static bool CanSet(ISymbol symbol) => symbol switch
        {
            IFieldSymbol field => !field.IsReadOnly && IsAccessible(field.DeclaredAccessibility),
            IPropertySymbol property => property.SetMethod != null && IsAccessible(property.SetMethod.DeclaredAccessibility),
            _ => false,
        };

        private static bool IsAccessible(Accessibility accessibility) =>
            accessibility == Accessibility.Public || accessibility == Accessibility.Internal || accessibility == Accessibility.ProtectedOrInternal;

        private static string AliasOf(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass != null
                    && SerializableTypeRules.FullName(attribute.AttributeClass) == SerializableTypeRules.AliasAttribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string alias)
                {
                    return alias;
                }
            }

            return SerializableTypeRules.MetadataName(type);
        }

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!char.IsLetterOrDigit(chars[i]))
                {
                    chars[i] = '_';
                }
            }

            return new string(chars);
        }
    }
}
