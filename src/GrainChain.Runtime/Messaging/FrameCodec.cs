using System.Buffers;
using System.Buffers.Binary;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Frame layout: <c>u32 LE N | u16 LE header length | header | body</c> with N = 2 + header + body. Limits are checked
/// on the prefixes, before the rest of the frame is waited for, so a peer cannot make the reader buffer more than
/// <see cref="MessagingOptions.MaxFrameBytes"/>.
/// </summary>
internal static class FrameCodec
{
    public const int LengthPrefixBytes = 4;
    public const int HeaderLengthBytes = 2;
    public const int PrefixBytes = LengthPrefixBytes + HeaderLengthBytes;

    /// <summary>Smallest header <see cref="MessageHeaderCodec"/> writes: kind, flags, one-byte call id.</summary>
    private const int MinHeaderBytes = 3;

    /// <summary>
    /// Slices the first complete frame off <paramref name="buffer"/>. False when more bytes are needed (buffer
    /// untouched); throws <see cref="MessagingProtocolException"/> when the prefixes or the header break the rules.
    /// </summary>
    public static bool TryReadFrame(
        ref ReadOnlySequence<byte> buffer, int maxFrameBytes, int maxHeaderBytes, GrainTypeNameCache? typeNames, out MessageHeader header, out ReadOnlySequence<byte> body)
    {
        header = default;
        body = default;
        if (buffer.Length < PrefixBytes)
        {
            // Check the length prefix as soon as it is complete, so an oversized frame is refused before more arrives.
            if (buffer.Length >= LengthPrefixBytes)
            {
                Span<byte> lengthOnly = stackalloc byte[LengthPrefixBytes];
                buffer.Slice(0, LengthPrefixBytes).CopyTo(lengthOnly);
                CheckFrameLength(BinaryPrimitives.ReadUInt32LittleEndian(lengthOnly), maxFrameBytes);
            }
            return false;
        }

        Span<byte> prefix = stackalloc byte[PrefixBytes];
        var first = buffer.FirstSpan;
        if (first.Length >= PrefixBytes)
        {
            first[..PrefixBytes].CopyTo(prefix);
        }
        else
        {
            buffer.Slice(0, PrefixBytes).CopyTo(prefix);
        }

        uint frameLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[LengthPrefixBytes..]);
        CheckFrameLength(frameLength, maxFrameBytes);
        if (headerLength > maxHeaderBytes)
        {
            throw new MessagingProtocolException($"Frame header length {headerLength} is over the limit of {maxHeaderBytes} bytes.");
        }
        if (headerLength < MinHeaderBytes || headerLength > frameLength - HeaderLengthBytes)
        {
            throw new MessagingProtocolException($"Frame header length {headerLength} does not fit frame length {frameLength}.");
        }

        long total = LengthPrefixBytes + frameLength;
        if (buffer.Length < total)
        {
            return false;
        }

        var headerBytes = buffer.Slice(PrefixBytes, headerLength);
        header = DecodeHeader(headerBytes, typeNames);
        body = buffer.Slice(PrefixBytes + headerLength, frameLength - HeaderLengthBytes - headerLength);
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Writes the two prefixes for a frame whose header and body are already in place after them.</summary>
    public static void WritePrefix(Span<byte> destination, int headerLength, int bodyLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(HeaderLengthBytes + headerLength + bodyLength));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[LengthPrefixBytes..], (ushort)headerLength);
    }

    private static void CheckFrameLength(uint frameLength, int maxFrameBytes)
    {
        if (frameLength > (uint)maxFrameBytes)
        {
            throw new MessagingProtocolException($"Frame length {frameLength} is over the limit of {maxFrameBytes} bytes.");
        }
        if (frameLength < HeaderLengthBytes + MinHeaderBytes)
        {
            throw new MessagingProtocolException($"Frame length {frameLength} is too short to hold a message header.");
        }
    }

    private static MessageHeader DecodeHeader(ReadOnlySequence<byte> bytes, GrainTypeNameCache? typeNames)
    {
        if (bytes.IsSingleSegment)
        {
            return MessageHeaderCodec.Read(bytes.FirstSpan, typeNames);
        }
        var rented = ArrayPool<byte>.Shared.Rent((int)bytes.Length);
        try
        {
            var span = rented.AsSpan(0, (int)bytes.Length);
            bytes.CopyTo(span);
            return MessageHeaderCodec.Read(span, typeNames);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
