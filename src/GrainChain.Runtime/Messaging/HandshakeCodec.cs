using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Byte layout of the handshake. Preamble: <c>"GCMP" | u16 version | u16 payload length | payload</c>, payload =
/// <c>u8 role | u16 cluster id length | cluster id | identity | u8 has-expected | [expected silo]</c>, where a silo
/// is <c>u8 length | address text</c> and a client id is 16 bytes. Reply: <c>"GCMP" | u16 version | u8 status |
/// u16 payload length | payload</c> (accept: silo address; refuse: UTF-8 reason). Every length is bounded.
/// </summary>
internal static class HandshakeCodec
{
    public const ushort ProtocolVersion = 1;
    public const int MaxClusterIdBytes = 512;
    public const int MaxPayloadBytes = 1024;
    public const int PreambleFixedBytes = 8;
    public const int ReplyFixedBytes = 9;
    private const byte StatusAccept = 1;
    private const byte StatusRefuse = 2;

    /// <summary>"GCMP": GrainChain messaging protocol.</summary>
    public static ReadOnlySpan<byte> Magic => "GCMP"u8;

    public static byte[] EncodePreamble(HandshakePreamble preamble)
    {
        var payload = new List<byte>(256) { (byte)preamble.Role };
        var cluster = Encoding.UTF8.GetBytes(preamble.ClusterId);
        if (cluster.Length > MaxClusterIdBytes)
        {
            throw new ArgumentException($"Cluster id is longer than {MaxClusterIdBytes} UTF-8 bytes.", nameof(preamble));
        }
        payload.Add((byte)cluster.Length);
        payload.Add((byte)(cluster.Length >> 8));
        payload.AddRange(cluster);
        if (preamble.Role == ConnectionRole.Silo)
        {
            AddSilo(payload, preamble.Silo ?? throw new ArgumentException("A silo preamble needs the silo's address.", nameof(preamble)));
        }
        else
        {
            payload.AddRange(preamble.ClientId.ToByteArray());
        }
        payload.Add(preamble.ExpectedSilo is null ? (byte)0 : (byte)1);
        if (preamble.ExpectedSilo is { } expected)
        {
            AddSilo(payload, expected);
        }

        var bytes = new byte[PreambleFixedBytes + payload.Count];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), preamble.Version);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), (ushort)payload.Count);
        payload.CopyTo(bytes, PreambleFixedBytes);
        return bytes;
    }

    /// <summary>Reads the fixed part of a preamble: checks the magic, returns the version and the payload length.</summary>
    public static (ushort Version, int PayloadLength) ReadPreambleFixed(ReadOnlySpan<byte> fixedPart)
    {
        if (!fixedPart[..4].SequenceEqual(Magic))
        {
            throw new MessagingProtocolException($"Handshake magic is 0x{Convert.ToHexString(fixedPart[..4])}, not a GrainChain messaging peer.");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[4..]);
        var length = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[6..]);
        if (length > MaxPayloadBytes)
        {
            throw new MessagingProtocolException($"Handshake payload length {length} is over the limit of {MaxPayloadBytes} bytes.");
        }
        return (version, length);
    }

    public static HandshakePreamble DecodePreamblePayload(ushort version, ReadOnlySpan<byte> payload)
    {
        int offset = 0;
        var role = (ConnectionRole)ReadByte(payload, ref offset, "role");
        if (role is not (ConnectionRole.Silo or ConnectionRole.Client))
        {
            throw new MessagingProtocolException($"Handshake field role has undefined value {(byte)role}.");
        }
        var clusterLength = ReadUInt16(payload, ref offset, "cluster id length");
        if (clusterLength > MaxClusterIdBytes)
        {
            throw new MessagingProtocolException($"Handshake field cluster id declares {clusterLength} bytes; the limit is {MaxClusterIdBytes}.");
        }
        var clusterId = ReadText(payload, ref offset, clusterLength, "cluster id");
        SiloAddress? silo = null;
        var clientId = Guid.Empty;
        if (role == ConnectionRole.Silo)
        {
            silo = ReadSilo(payload, ref offset, "silo address");
        }
        else
        {
            clientId = new Guid(Take(payload, ref offset, 16, "client id"));
        }
        var hasExpected = ReadByte(payload, ref offset, "has expected silo");
        SiloAddress? expected = hasExpected switch
        {
            0 => null,
            1 => ReadSilo(payload, ref offset, "expected silo address"),
            _ => throw new MessagingProtocolException($"Handshake field has expected silo has undefined value {hasExpected}."),
        };
        if (offset != payload.Length)
        {
            throw new MessagingProtocolException($"Handshake preamble has {payload.Length - offset} bytes after its last field.");
        }
        return new HandshakePreamble(version, role, clusterId, silo, clientId, expected);
    }

    public static byte[] EncodeAccept(SiloAddress acceptor)
    {
        var payload = new List<byte>();
        AddSilo(payload, acceptor);
        return EncodeReply(StatusAccept, [.. payload]);
    }

    public static byte[] EncodeRefusal(string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        // Reasons are ours, but keep them inside the bound a peer enforces.
        if (text.Length > MaxPayloadBytes)
        {
            text = Encoding.UTF8.GetBytes(reason[..(MaxPayloadBytes / 4)]);
        }
        return EncodeReply(StatusRefuse, text);
    }

    /// <summary>Reads the fixed part of a reply: checks the magic, returns version, status and payload length.</summary>
    public static (ushort Version, bool Accepted, int PayloadLength) ReadReplyFixed(ReadOnlySpan<byte> fixedPart)
    {
        if (!fixedPart[..4].SequenceEqual(Magic))
        {
            throw new MessagingProtocolException($"Handshake reply magic is 0x{Convert.ToHexString(fixedPart[..4])}, not a GrainChain messaging peer.");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[4..]);
        var status = fixedPart[6];
        if (status is not (StatusAccept or StatusRefuse))
        {
            throw new MessagingProtocolException($"Handshake reply field status has undefined value {status}.");
        }
        var length = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[7..]);
        if (length > MaxPayloadBytes)
        {
            throw new MessagingProtocolException($"Handshake reply payload length {length} is over the limit of {MaxPayloadBytes} bytes.");
        }
        return (version, status == StatusAccept, length);
    }

    public static HandshakeReply DecodeReplyPayload(ushort version, bool accepted, ReadOnlySpan<byte> payload)
    {
        if (!accepted)
        {
            int at = 0;
            return new HandshakeReply(version, false, null, ReadText(payload, ref at, payload.Length, "refusal reason"));
        }
        int offset = 0;
        var silo = ReadSilo(payload, ref offset, "acceptor address");
        if (offset != payload.Length)
        {
            throw new MessagingProtocolException($"Handshake reply has {payload.Length - offset} bytes after its last field.");
        }
        return new HandshakeReply(version, true, silo, null);
    }

    private static byte[] EncodeReply(byte status, byte[] payload)
    {
        var bytes = new byte[ReplyFixedBytes + payload.Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), ProtocolVersion);
        bytes[6] = status;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(7), (ushort)payload.Length);
        payload.CopyTo(bytes, ReplyFixedBytes);
        return bytes;
    }

    private static void AddSilo(List<byte> payload, SiloAddress silo)
    {
        var text = Encoding.ASCII.GetBytes(silo.ToString());
        payload.Add((byte)text.Length);
        payload.AddRange(text);
    }

    private static SiloAddress ReadSilo(ReadOnlySpan<byte> payload, ref int offset, string field)
    {
        var length = ReadByte(payload, ref offset, field + " length");
        if (length > SiloAddress.MaxTextLength)
        {
            throw new MessagingProtocolException($"Handshake field {field} declares {length} bytes; the limit is {SiloAddress.MaxTextLength}.");
        }
        var text = ReadText(payload, ref offset, length, field);
        return SiloAddress.TryParse(text, out var silo)
            ? silo
            : throw new MessagingProtocolException($"Handshake field {field} '{text}' is not a silo address.");
    }

    private static string ReadText(ReadOnlySpan<byte> payload, ref int offset, int length, string field)
    {
        var bytes = Take(payload, ref offset, length, field);
        return Utf8.IsValid(bytes)
            ? Encoding.UTF8.GetString(bytes)
            : throw new MessagingProtocolException($"Handshake field {field} is not valid UTF-8.");
    }

    private static byte ReadByte(ReadOnlySpan<byte> payload, ref int offset, string field) => Take(payload, ref offset, 1, field)[0];

    private static ushort ReadUInt16(ReadOnlySpan<byte> payload, ref int offset, string field) =>
        BinaryPrimitives.ReadUInt16LittleEndian(Take(payload, ref offset, 2, field));

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> payload, ref int offset, int length, string field)
    {
        if (payload.Length - offset < length)
        {
            throw new MessagingProtocolException($"Handshake ends inside field {field}.");
        }
        var slice = payload.Slice(offset, length);
        offset += length;
        return slice;
    }
}
