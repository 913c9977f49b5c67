using System.Buffers.Binary;
using GrainChain.Ledger.Blocks;

namespace GrainChain.Ledger.Mining.Sha256;

/// <summary>
/// The nonce-independent part of a header's double SHA-256: the state after its first 64 bytes (version, previous
/// hash, 28 bytes of merkle root) and the three constant words that open the second block (merkle tail, time, bits).
/// </summary>
internal sealed class HeaderMidstate
{
    private readonly uint[] _state = new uint[8];

    public HeaderMidstate(in BlockHeader header)
    {
        Span<byte> bytes = stackalloc byte[BlockHeader.Size];
        header.WriteTo(bytes);

        Span<uint> schedule = stackalloc uint[64];
        for (var i = 0; i < 16; i++) schedule[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes[(4 * i)..]);
        Span<uint> state = stackalloc uint[8];
        Sha256Constants.InitialState.CopyTo(state);
        Sha256Kernel<uint, ScalarLanes>.Compress(state, schedule, 64);
        for (var i = 0; i < 8; i++) _state[i] = state[i] + Sha256Constants.InitialState[i];

        MerkleTail = BinaryPrimitives.ReadUInt32BigEndian(bytes[64..]);
        Time = BinaryPrimitives.ReadUInt32BigEndian(bytes[68..]);
        Bits = BinaryPrimitives.ReadUInt32BigEndian(bytes[72..]);
    }

    /// <summary>The chaining state after the first block.</summary>
    public ReadOnlySpan<uint> State => _state;

    /// <summary>Second-block word 0: the last four bytes of the merkle root, read big-endian as SHA-256 does.</summary>
    public uint MerkleTail { get; }

    /// <summary>Second-block word 1: the header time's bytes, read big-endian.</summary>
    public uint Time { get; }

    /// <summary>Second-block word 2: the header bits' bytes, read big-endian.</summary>
    public uint Bits { get; }
}
