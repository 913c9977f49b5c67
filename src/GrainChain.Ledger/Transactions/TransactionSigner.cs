using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Transactions;

/// <summary>Signs transfers and checks their signatures (canonical low-S ECDSA P-256 over the signing hash).</summary>
public static class TransactionSigner
{
    public static Transaction Sign(Transaction transfer, KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        ArgumentNullException.ThrowIfNull(key);
        if (transfer.IsCoinbase) throw new ArgumentException("a coinbase is not signed", nameof(transfer));
        if (transfer.Sender != key.PublicKey)
            throw new ArgumentException("the key does not match the transaction's sender", nameof(key));
        return transfer.WithSignature(key.SignHash(transfer.SigningHash));
    }

    /// <summary>
    /// True when a transfer carries a canonical signature by its sender over its content. Imports the key afresh
    /// on every call and caches nothing: validation code uses a shared <see cref="SignatureVerifier"/> instead.
    /// </summary>
    public static bool Verify(Transaction transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.IsCoinbase || !transfer.IsSigned) return false;
        if (!P256Curve.IsCanonicalSignature(transfer.Signature.Span)) return false;
        if (!P256VerificationKey.TryImport(transfer.Sender.Span, poolSize: 1, out var key)) return false;
        using (key)
        {
            Span<byte> digest = stackalloc byte[Hash256.Size];
            transfer.SigningHash.WriteTo(digest);
            return key.Verify(digest, transfer.Signature.Span);
        }
    }
}
