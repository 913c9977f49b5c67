using System.Collections.Immutable;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Blocks;

/// <summary>An immutable block: header plus transactions, the first of which is the coinbase. Content-addressed by <see cref="Hash"/>.</summary>
public sealed class Block
{
    public Block(BlockHeader header, ImmutableArray<Transaction> transactions)
    {
        if (transactions.IsDefault) throw new ArgumentException("transactions are required", nameof(transactions));
        Header = header;
        Transactions = transactions;
        // Computed up front: blocks are shared between nodes and threads, and a lazily filled 33-byte
        // nullable could be read half-written.
        Hash = header.ComputeHash();
    }

    public BlockHeader Header { get; }
    public ImmutableArray<Transaction> Transactions { get; }

    /// <summary>The block hash: double SHA-256 of the header.</summary>
    public Hash256 Hash { get; }

    public int EncodedSize
    {
        get
        {
            var size = BlockHeader.Size + SpanWriter.CompactSizeLength((ulong)Transactions.Length);
            foreach (var tx in Transactions) size += tx.EncodedSize;
            return size;
        }
    }

    public Hash256 ComputeMerkleRoot() => MerkleTree.ComputeRoot(Transactions);

    public byte[] ToArray()
    {
        var bytes = new byte[EncodedSize];
        var writer = new SpanWriter(bytes);
        Header.WriteTo(bytes);
        writer = new SpanWriter(bytes.AsSpan(BlockHeader.Size));
        writer.WriteCompactSize((ulong)Transactions.Length);
        foreach (var tx in Transactions) tx.WriteTo(ref writer);
        return bytes;
    }

    /// <summary>
    /// Decodes exactly one block. The transaction count is bounded by <paramref name="maxTransactions"/> and by the
    /// bytes actually present, so an attacker-supplied count never sizes an allocation.
    /// </summary>
    public static Block Decode(ReadOnlySpan<byte> bytes, int maxBytes, int maxTransactions)
    {
        if (bytes.Length > maxBytes)
            throw new LedgerDecodeException("block", $"{bytes.Length} bytes exceed the limit of {maxBytes}");
        var reader = new SpanReader(bytes);
        var header = BlockHeader.Read(ref reader);
        var count = (int)reader.ReadCompactSize("block.transactionCount", (ulong)maxTransactions);
        if (count == 0) throw new LedgerDecodeException("block.transactionCount", "a block has at least its coinbase");
        if ((long)count * Transaction.CoinbaseSize > reader.Remaining)
            throw new LedgerDecodeException("block.transactionCount", $"{count} transactions cannot fit in {reader.Remaining} bytes");
        var builder = ImmutableArray.CreateBuilder<Transaction>(count);
        for (var i = 0; i < count; i++) builder.Add(Transaction.Read(ref reader));
        reader.EnsureEnd("block");
        return new Block(header, builder.MoveToImmutable());
    }

    public override string ToString() => $"block {Hash} ({Transactions.Length} transactions)";
}
