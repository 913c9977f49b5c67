using System.Buffers;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// A multi-segment body copied into one pooled array, because codecs read from a single span. Bodies are bounded
/// by the messaging frame limit, so the copy is bounded too.
/// </summary>
internal readonly ref struct ContiguousBytes
{
    private readonly byte[] _rented;
    private readonly int _length;

    public ContiguousBytes(in ReadOnlySequence<byte> bytes)
    {
        _length = (int)bytes.Length;
        _rented = ArrayPool<byte>.Shared.Rent(_length);
        bytes.CopyTo(_rented);
    }

    /// <summary>True when a sequence is too long to be copied into one array.</summary>
    public static bool IsTooLong(in ReadOnlySequence<byte> bytes) => bytes.Length > Array.MaxLength;

    public ReadOnlySpan<byte> Span => _rented.AsSpan(0, _length);

    public void Dispose() => ArrayPool<byte>.Shared.Return(_rented);
}
