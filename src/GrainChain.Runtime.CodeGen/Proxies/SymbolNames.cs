using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace GrainChain.Runtime.CodeGen.Proxies;

/// <summary>How generated code spells types and names.</summary>
internal static class SymbolNames
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    public static string Qualified(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary>"Namespace.Outer+Inner", the form Type.FullName uses.</summary>
    public static string MetadataName(INamedTypeSymbol type)
    {
        var builder = new StringBuilder(type.MetadataName);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            builder.Insert(0, outer.MetadataName + "+");
        }
        if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
        {
            builder.Insert(0, ns.ToDisplayString() + ".");
        }
        return builder.ToString();
    }

    /// <summary>A C# identifier made from any text.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }
        return builder.ToString();
    }

    public static string Literal(string? text)
    {
        if (text is null)
        {
            return "null";
        }
        var builder = new StringBuilder("\"");
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>True when the type and every type around it can be named from generated code in the same assembly.</summary>
    public static bool IsAccessible(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }
        return true;
    }
}
