using System.Security.Cryptography;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Crypto;

/// <summary>SHA-256 applied twice, Bitcoin's hash for headers, transactions and merkle nodes.</summary>
public static class DoubleSha256
{
    public static Hash256 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        SHA256.HashData(digest, digest);
        return new Hash256(digest);
    }

    /// <summary>Hash of two concatenated hashes: an inner merkle node.</summary>
    public static Hash256 HashPair(in Hash256 left, in Hash256 right)
    {
        Span<byte> pair = stackalloc byte[64];
        left.WriteTo(pair);
        right.WriteTo(pair[32..]);
        return Hash(pair);
    }
}
