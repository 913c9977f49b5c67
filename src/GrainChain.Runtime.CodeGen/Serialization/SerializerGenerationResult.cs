using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GrainChain.Runtime.CodeGen.Serialization
{
    /// <summary>What the generator produced for one type: source text and diagnostics, compared by value so the incremental pipeline can cache it.</summary>
    internal sealed class SerializerGenerationResult : IEquatable<SerializerGenerationResult>
    {
        public SerializerGenerationResult(string? hintName, string? source, IReadOnlyList<DiagnosticInfo> diagnostics)
        {
            HintName = hintName;
            Source = source;
            Diagnostics = diagnostics;
        }

        public string? HintName { get; }

        public string? Source { get; }

        public IReadOnlyList<DiagnosticInfo> Diagnostics { get; }

        public bool Equals(SerializerGenerationResult? other) =>
            other != null && HintName == other.HintName && Source == other.Source && Diagnostics.SequenceEqual(other.Diagnostics);

        public override bool Equals(object? obj) => Equals(obj as SerializerGenerationResult);

        public override int GetHashCode() => (Source ?? HintName ?? string.Empty).GetHashCode();
    }

    /// <summary>A diagnostic without live syntax references, so results stay comparable across compilations.</summary>
    internal sealed class DiagnosticInfo : IEquatable<DiagnosticInfo>
    {
        private readonly string _path;
        private readonly TextSpan _span;
        private readonly LinePositionSpan _lines;

        public DiagnosticInfo(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
        {
            Descriptor = descriptor;
            Arguments = arguments;
            _path = location?.SourceTree?.FilePath ?? string.Empty;
            _span = location?.SourceSpan ?? default;
            _lines = location?.GetLineSpan().Span ?? default;
        }

        public DiagnosticDescriptor Descriptor { get; }

        public string[] Arguments { get; }

        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Descriptor, _path.Length == 0 ? Location.None : Location.Create(_path, _span, _lines), Arguments);

        public bool Equals(DiagnosticInfo? other) =>
            other != null && Descriptor.Id == other.Descriptor.Id && _path == other._path && _span == other._span && Arguments.SequenceEqual(other.Arguments);

        public override bool Equals(object? obj) => Equals(obj as DiagnosticInfo);

        public override int GetHashCode() => Descriptor.Id.GetHashCode() ^ _span.GetHashCode();
    }
}
