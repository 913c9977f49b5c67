using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// The binary form of <see cref="MessageHeader"/>: kind, flags and call id, then only the fields the kind uses
/// (requests: target grain as two bounded UTF-8 strings, interface id, method id, hop count, timeout; rejections:
/// the reason). Decoding is bounded and throws only <see cref="MessagingProtocolException"/>.
/// </summary>
public static class MessageHeaderCodec
{
    private const int FixedBytes = 2;
    private const MessageFlags KnownFlags = MessageFlags.OneWay | MessageFlags.AlwaysInterleave;

    /// <summary>An upper bound on the encoded size of <paramref name="header"/>, cheap enough to call per message.</summary>
    public static int GetMaxEncodedLength(in MessageHeader header)
    {
        int size = FixedBytes + WireVarint.MaxBytes64;
        if (header.Kind == MessageKind.Request)
        {
            var target = header.Target;
            int typeChars = target.IsDefault ? 0 : target.Type.Name.Length;
            int keyChars = target.IsDefault ? 0 : target.Key.Length;
            size += 2 * WireVarint.MaxBytes32 + Encoding.UTF8.GetMaxByteCount(typeChars) + Encoding.UTF8.GetMaxByteCount(keyChars)
                + sizeof(uint) + sizeof(ushort) + 1 + WireVarint.MaxBytes32;
        }
        else if (header.Kind == MessageKind.Rejection)
        {
            size += 1;
        }
        return size;
    }

    /// <summary>
    /// Writes <paramref name="header"/> into <paramref name="destination"/> (at least <see cref="GetMaxEncodedLength"/>
    /// bytes) and returns the bytes written. Fields the kind does not use are not written. Throws
    /// <see cref="ArgumentException"/> for a header no peer would accept (unknown kind or flags, missing or overlong target).
    /// </summary>
    public static int Write(in MessageHeader header, Span<byte> destination)
    {
        if (header.Kind is < MessageKind.Request or > MessageKind.Pong)
        {
            throw new ArgumentException($"Message kind {(byte)header.Kind} is not defined.", nameof(header));
        }
        if ((header.Flags & ~KnownFlags) != 0)
        {
            throw new ArgumentException($"Message flags 0x{(byte)header.Flags:x2} include undefined bits.", nameof(header));
        }

        destination[0] = (byte)header.Kind;
        destination[1] = (byte)header.Flags;
        int offset = FixedBytes + WireVarint.Write(destination[FixedBytes..], unchecked((ulong)header.CallId));

        switch (header.Kind)
        {
            case MessageKind.Request:
                if (header.Target.IsDefault)
                {
                    throw new ArgumentException("A request header needs a target grain.", nameof(header));
                }
                if (header.TimeoutMilliseconds < 0)
                {
                    throw new ArgumentException($"TimeoutMilliseconds {header.TimeoutMilliseconds} is negative.", nameof(header));
                }
                offset += WriteText(header.Target.Type.Name, IdentityWireLimits.MaxGrainTypeBytes, "grain type", destination[offset..]);
                offset += WriteText(header.Target.Key, IdentityWireLimits.MaxKeyBytes, "grain key", destination[offset..]);
                BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], header.InterfaceId);
                offset += sizeof(uint);
                BinaryPrimitives.WriteUInt16LittleEndian(destination[offset..], header.MethodId);
                offset += sizeof(ushort);
                destination[offset++] = header.HopCount;
                offset += WireVarint.Write(destination[offset..], (uint)header.TimeoutMilliseconds);
                break;
            case MessageKind.Rejection:
                if (header.Rejection is <= RejectionReason.None or > RejectionReason.Overloaded)
                {
                    throw new ArgumentException($"Rejection reason {(byte)header.Rejection} is not a valid reason.", nameof(header));
                }
                destination[offset++] = (byte)header.Rejection;
                break;
        }
        return offset;
    }

    /// <summary>Decodes a header that must fill <paramref name="source"/> exactly; throws <see cref="MessagingProtocolException"/> naming the bad field.</summary>
    public static MessageHeader Read(ReadOnlySpan<byte> source) => Read(source, null);

    /// <summary>As <see cref="Read(ReadOnlySpan{byte})"/>, reusing grain type name strings through <paramref name="typeNames"/>.</summary>
    internal static MessageHeader Read(ReadOnlySpan<byte> source, GrainTypeNameCache? typeNames)
    {
        if (source.Length < FixedBytes + 1)
        {
            throw new MessagingProtocolException($"Message header is {source.Length} bytes; at least {FixedBytes + 1} are needed.");
        }
        var kind = (MessageKind)source[0];
        if (kind is < MessageKind.Request or > MessageKind.Pong)
        {
            throw new MessagingProtocolException($"Message header field kind has undefined value {source[0]}.");
        }
        var flags = (MessageFlags)source[1];
        if ((flags & ~KnownFlags) != 0)
        {
            throw new MessagingProtocolException($"Message header field flags 0x{source[1]:x2} has undefined bits.");
        }
        int offset = FixedBytes;
        var callId = unchecked((long)ReadVarint(source, ref offset, WireVarint.MaxBytes64, "call id"));

        var header = new MessageHeader { Kind = kind, Flags = flags, CallId = callId };
        switch (kind)
        {
            case MessageKind.Request:
                var type = ReadText(source, ref offset, IdentityWireLimits.MaxGrainTypeBytes, "grain type", allowEmpty: false, typeNames);
                var key = ReadText(source, ref offset, IdentityWireLimits.MaxKeyBytes, "grain key", allowEmpty: true, typeNames?.Keys);
                if (source.Length - offset < sizeof(uint) + sizeof(ushort) + 1)
                {
                    throw new MessagingProtocolException($"Message header of {kind} #{callId} ends inside field interface id / method id / hop count.");
                }
                var interfaceId = BinaryPrimitives.ReadUInt32LittleEndian(source[offset..]);
                offset += sizeof(uint);
                var methodId = BinaryPrimitives.ReadUInt16LittleEndian(source[offset..]);
                offset += sizeof(ushort);
                var hops = source[offset++];
                var timeout = ReadVarint(source, ref offset, WireVarint.MaxBytes32, "timeout");
                if (timeout > int.MaxValue)
                {
                    throw new MessagingProtocolException($"Message header field timeout {timeout} is out of range.");
                }
                header = header with
                {
                    Target = new GrainId(new GrainType(type), key),
                    InterfaceId = interfaceId,
                    MethodId = methodId,
                    HopCount = hops,
                    TimeoutMilliseconds = (int)timeout,
                };
                break;
            case MessageKind.Rejection:
                if (offset >= source.Length)
                {
                    throw new MessagingProtocolException($"Message header of Rejection #{callId} ends before field rejection reason.");
                }
                var reason = (RejectionReason)source[offset++];
                if (reason is <= RejectionReason.None or > RejectionReason.Overloaded)
                {
                    throw new MessagingProtocolException($"Message header field rejection reason has undefined value {(byte)reason}.");
                }
                header = header with { Rejection = reason };
                break;
        }

        if (offset != source.Length)
        {
            throw new MessagingProtocolException($"Message header of {kind} #{callId} has {source.Length - offset} bytes after its last field.");
        }
        return header;
    }

    private static int WriteText(string value, int maxBytes, string field, Span<byte> destination)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        if (length > maxBytes)
        {
            throw new ArgumentException($"Request {field} is {length} UTF-8 bytes; the limit is {maxBytes}.");
        }
        int prefix = WireVarint.Write(destination, (uint)length);
        return prefix + Encoding.UTF8.GetBytes(value, destination[prefix..]);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> source, ref int offset, int maxBytes, string field)
    {
        if (!WireVarint.TryRead(source[offset..], maxBytes, out var value, out var consumed))
        {
            throw new MessagingProtocolException($"Message header field {field} is truncated or not a valid varint.");
        }
        if (maxBytes == WireVarint.MaxBytes32 && value > uint.MaxValue)
        {
            throw new MessagingProtocolException($"Message header field {field} overflows 32 bits.");
        }
        offset += consumed;
        return value;
    }

    private static string ReadText(ReadOnlySpan<byte> source, ref int offset, int maxBytes, string field, bool allowEmpty, IDecodedTextCache? cache)
    {
        var bytes = ReadTextBytes(source, ref offset, maxBytes, field, allowEmpty);
        return cache is null ? Encoding.UTF8.GetString(bytes) : cache.Get(bytes);
    }

    private static ReadOnlySpan<byte> ReadTextBytes(ReadOnlySpan<byte> source, ref int offset, int maxBytes, string field, bool allowEmpty)
    {
        // The field name is only formatted on failure: this runs for every request.
        if (!WireVarint.TryRead(source[offset..], WireVarint.MaxBytes32, out var length, out var consumed) || length > uint.MaxValue)
        {
            throw new MessagingProtocolException($"Message header field {field} length is truncated or not a valid varint.");
        }
        offset += consumed;
        if (length > (ulong)maxBytes)
        {
            throw new MessagingProtocolException($"Message header field {field} declares {length} bytes; the limit is {maxBytes}.");
        }
        if ((ulong)(source.Length - offset) < length)
        {
            throw new MessagingProtocolException($"Message header field {field} declares {length} bytes but only {source.Length - offset} remain.");
        }
        if (length == 0 && !allowEmpty)
        {
            throw new MessagingProtocolException($"Message header field {field} is empty.");
        }
        var bytes = source.Slice(offset, (int)length);
        if (!Utf8.IsValid(bytes))
        {
            throw new MessagingProtocolException($"Message header field {field} is not valid UTF-8.");
        }
        offset += (int)length;
        return bytes;
    }
}
