using System.Security.Cryptography;
using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Wallets;

/// <summary>A P-256 signing key with its compressed public key and address.</summary>
public sealed class KeyPair : IDisposable
{
    private readonly ECDsa _key;

    private KeyPair(ECDsa key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        Span<byte> compressed = stackalloc byte[PublicKey.Size];
        P256Curve.Compress(parameters.Q, compressed);
        PublicKey = PublicKey.FromBytes(compressed);
        Address = Address.FromPublicKey(compressed);
    }

    public PublicKey PublicKey { get; }
    public Address Address { get; }

    public static KeyPair Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Takes ownership of an existing P-256 key.</summary>
    public static KeyPair FromECDsa(ECDsa key)
    {
        if (key.KeySize != 256) throw new ArgumentException("GrainChain keys are P-256", nameof(key));
        return new KeyPair(key);
    }

    /// <summary>Signs a 32-byte digest; the signature is normalised to low S.</summary>
    public Signature SignHash(in Hash256 digest)
    {
        Span<byte> hash = stackalloc byte[Hash256.Size];
        digest.WriteTo(hash);
        Span<byte> signature = stackalloc byte[Signature.Size];
        if (!_key.TrySignHash(hash, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out var written) ||
            written != Signature.Size)
            throw new CryptographicException("P-256 signing produced an unexpected signature length");
        P256Curve.NormalizeLowS(signature);
        return Signature.FromBytes(signature);
    }

    /// <summary>The PKCS#8 DER encoding of the private key.</summary>
    public byte[] ExportPkcs8() => _key.ExportPkcs8PrivateKey();

    internal ECDsa Key => _key;

    public void Dispose() => _key.Dispose();
}
