using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text;

namespace GrainChain.Ledger.Wallets;

/// <summary>
/// Wallet keys on disk: one unencrypted PKCS#8 private key in PEM ("-----BEGIN PRIVATE KEY-----"), the form
/// <c>openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</c> writes. Files are created readable by
/// their owner only, and an existing file is never overwritten: losing a key loses its coins.
/// </summary>
public static class KeyFile
{
    public const string PemLabel = "PRIVATE KEY";

    /// <summary>Real key files are a few hundred bytes; anything far larger is not one and is not read whole.</summary>
    public const int MaxFileBytes = 16 * 1024;

    private const string EcPublicKeyOid = "1.2.840.10045.2.1";

    /// <summary>Generates a new P-256 key and saves it to <paramref name="path"/>, which must not exist yet.</summary>
    public static KeyPair Generate(string path)
    {
        var key = KeyPair.Generate();
        try
        {
            Save(key, path);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="key"/> to a new file; fails if the file exists.</summary>
    public static void Save(KeyPair key, string path)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = System.Text.Encoding.ASCII.GetBytes(ToPem(key));
        var stream = OpenNew(path);
        try
        {
            using (stream)
            {
                stream.Write(bytes);
                // On disk before we report success: the caller may hand out the address at once.
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeletePartial(path);
            throw new KeyFileException(path, $"cannot be written: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="key"/> to a new file; fails if the file exists.</summary>
    public static async Task SaveAsync(KeyPair key, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = System.Text.Encoding.ASCII.GetBytes(ToPem(key));
        FileStream stream = OpenNew(path);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            DeletePartial(path);
            if (e is OperationCanceledException) throw;
            throw new KeyFileException(path, $"cannot be written: {e.Message}", e);
        }
    }

    /// <summary>Reads a key file written by <see cref="Save"/> (or by OpenSSL, as above).</summary>
    public static KeyPair Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            CheckLength(path, stream);
            content = new byte[stream.Length];
            stream.ReadExactly(content);
        }
        catch (Exception e) when (IsOpenFailure(e))
        {
            throw OpenFailure(path, e);
        }
        return FromPem(Decode(path, content), path);
    }

    /// <summary>Reads a key file written by <see cref="Save"/> (or by OpenSSL, as above).</summary>
    public static async Task<KeyPair> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                CheckLength(path, stream);
                content = new byte[stream.Length];
                await stream.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (IsOpenFailure(e))
        {
            throw OpenFailure(path, e);
        }
        return FromPem(Decode(path, content), path);
    }

    /// <summary>The PEM text of <paramref name="key"/>'s PKCS#8 encoding.</summary>
    public static string ToPem(KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var der = key.ExportPkcs8();
        try
        {
            return new string(PemEncoding.Write(PemLabel, der)) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Parses PEM text; <paramref name="source"/> names it in error messages.</summary>
    public static KeyPair FromPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            var problem = pem.Contains("-----BEGIN", StringComparison.Ordinal)
                ? "the PEM block is malformed (bad base64 or mismatched BEGIN/END lines)"
                : "is not PEM: no '-----BEGIN PRIVATE KEY-----' block";
            throw new KeyFileException(source, problem);
        }
        var label = pem.AsSpan()[fields.Label];
        if (!label.SequenceEqual(PemLabel))
            throw new KeyFileException(source, $"holds a '{label}' PEM block, expected an unencrypted '{PemLabel}' (PKCS#8) block");
        if (!pem.AsSpan()[fields.Location.End..].Trim().IsEmpty)
            throw new KeyFileException(source, "has content after the key's PEM block");

        var der = new byte[fields.DecodedDataLength];
        try
        {
            if (!Convert.TryFromBase64Chars(pem.AsSpan()[fields.Base64Data], der, out var written) || written != der.Length)
                throw new KeyFileException(source, "the PEM block's base64 does not decode");
            return Import(der, source);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static KeyPair Import(byte[] der, string source)
    {
        var algorithm = ReadAlgorithm(der, source);
        if (algorithm != EcPublicKeyOid)
            throw new KeyFileException(source, $"holds a {Describe(algorithm)} key, expected an EC P-256 key");

        var ecdsa = ECDsa.Create();
        try
        {
            int read;
            try
            {
                ecdsa.ImportPkcs8PrivateKey(der, out read);
            }
            catch (CryptographicException e)
            {
                throw new KeyFileException(source, $"the EC private key is invalid or on an unsupported curve: {e.Message}", e);
            }
            if (read != der.Length)
                throw new KeyFileException(source, $"{der.Length - read} bytes follow the PKCS#8 structure");
            var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
            if (!KeyPair.IsP256(curve))
                throw new KeyFileException(source, $"the key is on curve {CurveName(curve)}, expected P-256 ({Crypto.P256Curve.Oid})");
            return KeyPair.FromECDsa(ecdsa);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    // PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
    // Read just far enough to name the algorithm, so an RSA or Ed25519 file gets a message saying so.
    private static string ReadAlgorithm(byte[] der, string source)
    {
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            return info.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new KeyFileException(source, "the PEM block does not hold a PKCS#8 private key structure", e);
        }
    }

    private static string Describe(string oid) => oid switch
    {
        "1.2.840.113549.1.1.1" => "RSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.2.840.10040.4.1" => "DSA",
        _ => $"'{oid}'",
    };

    private static string CurveName(ECCurve curve) =>
        curve.Oid?.FriendlyName ?? curve.Oid?.Value ?? "(explicit parameters)";

    private static void CheckLength(string path, FileStream stream)
    {
        if (stream.Length > MaxFileBytes)
            throw new KeyFileException(path, $"is {stream.Length} bytes, larger than any key file ({MaxFileBytes} at most)");
        if (stream.Length == 0) throw new KeyFileException(path, "is empty");
    }

    private static string Decode(string path, byte[] content)
    {
        try
        {
            // PEM is ASCII; strict decoding turns binary garbage into a clear error rather than replacement characters.
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new KeyFileException(path, "is not text, so not a PEM key file", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    private static bool IsOpenFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    private static KeyFileException OpenFailure(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new KeyFileException(path, "does not exist", e),
        UnauthorizedAccessException => new KeyFileException(path, "cannot be read: permission denied", e),
        _ => new KeyFileException(path, $"cannot be read: {e.Message}", e),
    };

    private static FileStream OpenNew(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        };
        // Set at creation, so the key is never readable by others, not even for a moment.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            return new FileStream(path, options);
        }
        catch (IOException e) when (File.Exists(path))
        {
            throw new KeyFileException(path, "already exists; a key file is never overwritten", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new KeyFileException(path, "cannot be created: its directory does not exist", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyFileException(path, $"cannot be created: {e.Message}", e);
        }
    }

    private static void DeletePartial(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write error is the one to report.
        }
    }
}
