using System.Net;
using System.Net.Sockets;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// A <see cref="SiloAddress"/> as a region of IP bytes (4 or 16), port, generation and, for IPv6, the scope id.
/// Every field is checked before use, so a peer can neither allocate through it nor produce an invalid address.
/// </summary>
internal sealed class SiloAddressCodec : ImmutableCodec<SiloAddress>
{
    public override WireType WireType => WireType.LengthDelimited;

    public override void Write(GrainWriter writer, SiloAddress value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        var start = writer.BeginRegion();
        var address = value.Endpoint.Address;
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written))
        {
            throw new GrainSerializationException($"SiloAddress {value}: its IP address does not fit in 16 bytes.");
        }

        writer.WriteLengthDelimited(bytes[..written]);
        writer.WriteVarUInt32((uint)value.Endpoint.Port);
        writer.WriteVarUInt64((ulong)value.Generation);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            writer.WriteVarUInt64((ulong)address.ScopeId);
        }

        writer.EndRegion(start);
    }

    public override SiloAddress Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var bytes = reader.ReadLengthDelimited("SiloAddress IP address");
        if (bytes.Length is not (4 or 16))
        {
            throw new GrainSerializationException($"SiloAddress IP address takes 4 or 16 bytes, not {bytes.Length}.");
        }

        var address = new IPAddress(bytes);
        var port = reader.ReadVarUInt32();
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new GrainSerializationException($"SiloAddress port {port} is not a TCP port.");
        }

        var generation = reader.ReadVarUInt64();
        if (generation > long.MaxValue)
        {
            throw new GrainSerializationException($"SiloAddress generation {generation} is out of range.");
        }

        if (bytes.Length == 16)
        {
            var scope = reader.ReadVarUInt64();
            if (scope > uint.MaxValue)
            {
                throw new GrainSerializationException($"SiloAddress IPv6 scope id {scope} is out of range.");
            }

            address.ScopeId = (long)scope;
        }

        reader.ExitRegion(outer);
        return new SiloAddress(new IPEndPoint(address, (int)port), (long)generation);
    }
}
