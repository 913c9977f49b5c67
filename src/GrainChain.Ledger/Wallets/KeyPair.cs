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
        ArgumentNullException.ThrowIfNull(key);
        // The key size alone would let in other 256-bit curves (secp256k1, brainpoolP256r1).
        if (key.KeySize != 256 || !IsP256(key.ExportParameters(includePrivateParameters: false).Curve))
            throw new ArgumentException("GrainChain keys are P-256", nameof(key));
        return new KeyPair(key);
    }

    /// <summary>Generates a key and writes it to a new key file (see <see cref="KeyFile"/>).</summary>
    public static KeyPair GenerateToFile(string path) => KeyFile.Generate(path);

    /// <summary>Reads a key file (see <see cref="KeyFile"/>).</summary>
    public static KeyPair Load(string path) => KeyFile.Load(path);

    /// <summary>Writes this key to a new key file, readable by the owner only (see <see cref="KeyFile"/>).</summary>
    public void Save(string path) => KeyFile.Save(this, path);

    internal static bool IsP256(ECCurve curve) =>
        curve.IsNamed && (curve.Oid.Value == P256Curve.Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");

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
