using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>Offsets in the canonical encodings, for tests that corrupt one field on purpose.</summary>
internal static class Layout
{
    public const int TransferSender = 1 + 4;
    public const int TransferAmount = TransferSender + PublicKey.Size + Address.Size;
    public const int CoinbaseAmount = 1 + 4 + Address.Size;

    /// <summary>The CompactSize transaction count follows the 80-byte header.</summary>
    public const int BlockCount = BlockHeader.Size;

    /// <summary>The first transaction of a block with fewer than 253 transactions.</summary>
    public const int BlockFirstTransaction = BlockCount + 1;

    public static byte[] With(byte[] bytes, int offset, params byte[] replacement)
    {
        var copy = (byte[])bytes.Clone();
        replacement.CopyTo(copy, offset);
        return copy;
    }

    public static byte[] WithInt64(byte[] bytes, int offset, long value) =>
        With(bytes, offset, BitConverter.GetBytes(value));
}
