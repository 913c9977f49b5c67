using Microsoft.CodeAnalysis;

// Release tracking files would live in the shared project file; the ids are documented here instead.
#pragma warning disable RS2008

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>Diagnostics the serializer generator reports for [GenerateSerializer] types (ids GCS001 and up).</summary>
    public static class SerializerDiagnostics
    {
        private const string Category = "GrainChain.Serialization";

        public static readonly DiagnosticDescriptor MemberWithoutId = new DiagnosticDescriptor(
            "GCS001", "Serialized member lacks [Id]",
            "Member '{0}' of [GenerateSerializer] type '{1}' has no [Id] and will not be serialized or copied",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateId = new DiagnosticDescriptor(
            "GCS002", "Duplicate field id",
            "Id {0} is used by both '{1}' and '{2}' in type '{3}'",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedMemberType = new DiagnosticDescriptor(
            "GCS003", "Member type cannot be serialized",
            "Member '{0}' of type '{1}' cannot be serialized: {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor MemberNotAccessible = new DiagnosticDescriptor(
            "GCS004", "Member cannot be read or set by generated code",
            "Member '{0}' of type '{1}' {2}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor UnsupportedType = new DiagnosticDescriptor(
            "GCS005", "Type cannot have a generated serializer",
            "Type '{0}' cannot have a generated serializer: {1}",
            Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
