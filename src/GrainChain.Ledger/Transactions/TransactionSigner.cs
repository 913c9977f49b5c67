using System.Security.Cryptography;
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
        if (transfer.IsCoinbase) throw new ArgumentException("a coinbase is not signed", nameof(transfer));
        if (transfer.Sender != key.PublicKey)
            throw new ArgumentException("the key does not match the transaction's sender", nameof(key));
        return transfer.WithSignature(key.SignHash(transfer.SigningHash));
    }

    /// <summary>True when a transfer carries a canonical signature by its sender over its content.</summary>
    public static bool Verify(Transaction transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (transfer.IsCoinbase || !transfer.IsSigned) return false;
        if (!P256Curve.IsLowS(transfer.Signature.Span)) return false;
        if (!P256Curve.TryDecompress(transfer.Sender.Span, out var q)) return false;
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = q });
        Span<byte> hash = stackalloc byte[Hash256.Size];
        transfer.SigningHash.WriteTo(hash);
        return ecdsa.VerifyHash(hash, transfer.Signature.Span, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
