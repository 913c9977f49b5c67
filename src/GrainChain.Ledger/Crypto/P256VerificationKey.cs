using System.Security.Cryptography;

namespace GrainChain.Ledger.Crypto;

/// <summary>
/// One imported P-256 public key, ready to verify from any number of threads.
/// </summary>
/// <remarks>
/// .NET documents <see cref="ECDsa"/> instance members as not thread-safe. The OpenSSL-backed implementation
/// happens to verify correctly when shared (each call makes its own EVP_PKEY_CTX), but that is an implementation
/// detail, and sharing measured slower than separate instances. So each thread rents an instance for exclusive
/// use from a small lock-free pool; only when every pooled instance is busy is another one imported (from the
/// already decompressed point, so without the modular square root). Pool size bounds the instances kept idle.
/// </remarks>
internal sealed class P256VerificationKey : IDisposable
{
    private readonly ECParameters _parameters;
    private readonly ECDsa?[] _idle;
    private int _disposed;

    private P256VerificationKey(ECParameters parameters, ECDsa first, int poolSize)
    {
        _parameters = parameters;
        _idle = new ECDsa?[Math.Max(1, poolSize)];
        _idle[0] = first;
    }

    /// <summary>
    /// Decompresses and imports a key; false (never an exception) when the bytes name no point on the curve
    /// or the platform refuses the point.
    /// </summary>
    public static bool TryImport(ReadOnlySpan<byte> compressed, int poolSize, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out P256VerificationKey? key)
    {
        key = null;
        if (!P256Curve.TryDecompress(compressed, out var point)) return false;
        var parameters = new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = point };
        ECDsa first;
        try
        {
            first = ECDsa.Create(parameters);
        }
        catch (CryptographicException)
        {
            return false;
        }
        key = new P256VerificationKey(parameters, first, poolSize);
        return true;
    }

    /// <summary>Checks an IEEE P1363 (r‖s) signature over a 32-byte digest; false on any failure.</summary>
    public bool Verify(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        var ecdsa = Rent();
        try
        {
            return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            Return(ecdsa);
        }
    }

    /// <summary>How many imported instances sit idle in the pool (for tests and diagnostics).</summary>
    internal int IdleCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < _idle.Length; i++) if (Volatile.Read(ref _idle[i]) is not null) count++;
            return count;
        }
    }

    private ECDsa Rent()
    {
        for (var i = 0; i < _idle.Length; i++)
        {
            var ecdsa = Interlocked.Exchange(ref _idle[i], null);
            if (ecdsa is not null) return ecdsa;
        }
        return ECDsa.Create(_parameters);
    }

    private void Return(ECDsa ecdsa)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            for (var i = 0; i < _idle.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _idle[i], ecdsa, null) is not null) continue;
                // Not disposed after the store: a later Dispose drains this slot.
                if (Volatile.Read(ref _disposed) == 0) return;
                // Disposed meanwhile: whoever takes the instance out of the slot owns it.
                if (Interlocked.CompareExchange(ref _idle[i], null, ecdsa) != ecdsa) return;
                break;
            }
        }
        ecdsa.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        for (var i = 0; i < _idle.Length; i++) Interlocked.Exchange(ref _idle[i], null)?.Dispose();
    }
}
