using System.Buffers;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// A frame body as one contiguous span: the span itself when the pipe handed over one segment, else a pooled copy
/// (bounded by the frame limit the connection already enforced). Dispose returns the copy.
/// </summary>
internal ref struct FrameBody
{
    private byte[]? _rented;

    public FrameBody(in ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            Span = body.FirstSpan;
            _rented = null;
            return;
        }
        int length = checked((int)body.Length);
        _rented = ArrayPool<byte>.Shared.Rent(length);
        body.CopyTo(_rented);
        Span = _rented.AsSpan(0, length);
    }

    public ReadOnlySpan<byte> Span { get; }

    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
