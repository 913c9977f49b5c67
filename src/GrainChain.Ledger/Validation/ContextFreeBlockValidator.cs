using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Validation;

/// <summary>
/// The second validation layer: every rule a block can be checked against on its own, before its parent is known.
/// Signatures do not depend on state, so they are checked here, once per block, and never again on a reorganisation.
/// </summary>
public sealed class ContextFreeBlockValidator
{
    private readonly ChainParams _chain;
    private readonly SignatureVerifier _signatures;
    private readonly Hash256 _powLimit;

    public ContextFreeBlockValidator(ChainParams chain, SignatureVerifier signatures)
    {
        _chain = chain ?? throw new ArgumentNullException(nameof(chain));
        _signatures = signatures ?? throw new ArgumentNullException(nameof(signatures));
        if (!ProofOfWork.TryDecodeTargetHash(chain.PowLimitBits, out _powLimit))
            throw new ArgumentException($"chain '{chain.Name}' has an invalid proof-of-work limit", nameof(chain));
    }

    public BlockValidationResult Validate(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var transactions = block.Transactions;
        if (transactions.IsEmpty)
            return BlockValidationResult.Reject(BlockRejectReason.NoTransactions, "a block needs at least its coinbase");

        // Proof of work first: it needs only the header, and junk without work is the cheapest attack.
        var bits = block.Header.Bits;
        if (!ProofOfWork.TryDecodeTargetHash(bits, out var target) || target > _powLimit)
            return BlockValidationResult.Reject(BlockRejectReason.InvalidTarget,
                $"bits 0x{bits:x8} are not a target within the chain's limit 0x{_chain.PowLimitBits:x8}");
        if (block.Hash > target)
            return BlockValidationResult.Reject(BlockRejectReason.InsufficientProofOfWork,
                $"hash {block.Hash} does not meet bits 0x{bits:x8}");

        var merkle = CheckMerkleRootAndUniqueness(block);
        if (!merkle.IsValid) return merkle;

        if (transactions.Length > _chain.MaxBlockTransactions)
            return BlockValidationResult.Reject(BlockRejectReason.TooManyTransactions,
                $"{transactions.Length} transactions exceed the limit of {_chain.MaxBlockTransactions}");
        var size = block.EncodedSize;
        if (size > _chain.MaxBlockBytes)
            return BlockValidationResult.Reject(BlockRejectReason.TooLarge,
                $"{size} bytes exceed the limit of {_chain.MaxBlockBytes}");

        if (!transactions[0].IsCoinbase)
            return BlockValidationResult.Reject(BlockRejectReason.FirstTransactionNotCoinbase,
                "transaction 0 must be the coinbase");
        for (var i = 0; i < transactions.Length; i++)
        {
            var tx = transactions[i];
            if (i > 0 && tx.IsCoinbase)
                return BlockValidationResult.Reject(BlockRejectReason.ExtraCoinbase,
                    $"transaction {i} ({tx.Id}) is a second coinbase");
            if (tx.ChainId != _chain.ChainId)
                return BlockValidationResult.Reject(BlockRejectReason.WrongChainId,
                    $"transaction {i} ({tx.Id}) is for chain {tx.ChainId}, not {_chain.ChainId}");
        }

        if (!_signatures.VerifyAll(transactions))
        {
            // Rare path: find which one failed so the message can name it.
            for (var i = 1; i < transactions.Length; i++)
                if (!_signatures.Verify(transactions[i]))
                    return BlockValidationResult.Reject(BlockRejectReason.BadSignature,
                        $"transaction {i} ({transactions[i].Id}) is not validly signed by its sender");
            return BlockValidationResult.Reject(BlockRejectReason.BadSignature, "a transfer is not validly signed");
        }
        return BlockValidationResult.Valid;
    }

    private static BlockValidationResult CheckMerkleRootAndUniqueness(Block block)
    {
        var transactions = block.Transactions;
        var ids = new Hash256[transactions.Length];
        var seen = new HashSet<Hash256>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = transactions[i].Id;
            // Checked alongside the root: Bitcoin's merkle tree lets a body with a repeated tail share the
            // root (and so the hash) of a valid block, which must not get the valid block's hash condemned.
            if (!seen.Add(ids[i]))
                return BlockValidationResult.Reject(BlockRejectReason.DuplicateTransaction,
                    $"transaction {i} repeats txid {ids[i]}");
        }
        var root = MerkleTree.ComputeRoot(ids);
        if (root != block.Header.MerkleRoot)
            return BlockValidationResult.Reject(BlockRejectReason.MerkleRootMismatch,
                $"transactions hash to merkle root {root}, the header says {block.Header.MerkleRoot}");
        return BlockValidationResult.Valid;
    }
}
