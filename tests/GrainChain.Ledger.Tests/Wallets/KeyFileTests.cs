using System.Security.Cryptography;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Wallets;

public sealed class KeyFileTests : IDisposable
{
    // Written by `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`; the compressed public key
    // below came from `openssl ec -conv_form compressed -pubout`, independently of this library.
    private const string OpenSslPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgZoW9JtSay/+gqC05
        VgUTBssZrtLP3eEZvojJppGMxtWhRANCAARFAG2GzYSARRaQdu/CXhq79LwAkhQq
        r/ovqgJdtObq0WalfBe2uRk2uI1Zb8ptd25+EJRQp5WTPuYn+QD4S+0P
        -----END PRIVATE KEY-----
        """;
    private const string OpenSslCompressedKey = "0345006d86cd848045169076efc25e1abbf4bc0092142aaffa2faa025db4e6ead1";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("grainchain-keyfile-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private string WriteFile(string name, string text) => WriteFile(name, System.Text.Encoding.ASCII.GetBytes(text));

    private string WriteFile(string name, byte[] bytes)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_generated_key_survives_a_save_and_load()
    {
        var path = PathOf("wallet.pem");
        using var generated = KeyFile.Generate(path);
        using var loaded = KeyFile.Load(path);

        Assert.Equal(generated.PublicKey, loaded.PublicKey);
        Assert.Equal(generated.Address, loaded.Address);
        Assert.Equal(Address.FromPublicKey(loaded.PublicKey.Span), loaded.Address);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(path), StringComparison.Ordinal);

        var tx = TransactionSigner.Sign(
            Transaction.CreateTransfer(1, generated.PublicKey, loaded.Address, new Amount(5), new Amount(1), 0), loaded);
        Assert.True(TransactionSigner.Verify(tx));
    }

    [Fact]
    public async Task The_async_save_and_load_agree_with_the_synchronous_ones()
    {
        using var key = KeyPair.Generate();
        var path = PathOf("async.pem");

        await KeyFile.SaveAsync(key, path);
        using var loaded = await KeyFile.LoadAsync(path);
        using var loadedSync = KeyFile.Load(path);

        Assert.Equal(key.PublicKey, loaded.PublicKey);
        Assert.Equal(key.PublicKey, loadedSync.PublicKey);
    }

    [Fact]
    public async Task A_cancelled_save_leaves_no_file_behind()
    {
        using var key = KeyPair.Generate();
        var path = PathOf("cancelled.pem");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => KeyFile.SaveAsync(key, path, new CancellationToken(canceled: true)));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_new_key_file_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = PathOf("private.pem");
        using var key = KeyFile.Generate(path);

        var mode = File.GetUnixFileMode(path);
        Assert.Equal(UnixFileMode.None, mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.True(mode.HasFlag(UnixFileMode.UserRead));
    }

    [Fact]
    public void A_key_written_by_OpenSSL_loads_with_the_public_key_OpenSSL_computed()
    {
        using var key = KeyFile.Load(WriteFile("openssl.pem", OpenSslPem));

        Assert.Equal(OpenSslCompressedKey, key.PublicKey.ToString());
        Assert.Equal(Address.FromPublicKey(Convert.FromHexString(OpenSslCompressedKey)), key.Address);
    }

    [Fact]
    public async Task An_existing_file_is_never_overwritten()
    {
        var path = WriteFile("taken.pem", "precious");
        using var key = KeyPair.Generate();

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Save(key, path));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(path));
        await Assert.ThrowsAsync<KeyFileException>(() => KeyFile.SaveAsync(key, path));
        Assert.Equal("precious", File.ReadAllText(path));
    }

    [Fact]
    public void Saving_into_a_missing_directory_names_the_file()
    {
        using var key = KeyPair.Generate();
        var path = Path.Combine(_directory.FullName, "no-such-dir", "k.pem");

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Save(key, path));
        Assert.Equal(path, error.Path);
        Assert.Contains("directory does not exist", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadFiles() =>
    [
        "missing", "empty", "too large", "plain text", "binary garbage", "EC PRIVATE KEY label", "PUBLIC KEY label",
        "encrypted PKCS#8", "bad base64", "mismatched END", "random bytes as PKCS#8", "RSA key", "P-384 key",
        "secp256k1 key", "trailing DER bytes", "trailing text", "damaged private key",
    ];

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_key_file_gives_a_KeyFileException_naming_the_file_and_the_problem(string kind)
    {
        var (path, expected) = MakeBadFile(kind);

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Load(path));
        var asyncError = await Assert.ThrowsAsync<KeyFileException>(() => KeyFile.LoadAsync(path));

        Assert.IsAssignableFrom<LedgerException>(error);
        Assert.Equal(path, error.Path);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
        Assert.Equal(error.Problem, asyncError.Problem);
    }

    private (string Path, string Expected) MakeBadFile(string kind)
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        switch (kind)
        {
            case "missing":
                return (PathOf("absent.pem"), "does not exist");
            case "empty":
                return (WriteFile("empty.pem", []), "is empty");
            case "too large":
                return (WriteFile("large.pem", new byte[KeyFile.MaxFileBytes + 1]), "larger than any key file");
            case "plain text":
                return (WriteFile("text.pem", "hello, this is not a key\n"), "is not PEM");
            case "binary garbage":
                return (WriteFile("garbage.pem", [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]), "is not text");
            case "EC PRIVATE KEY label":
                return (WriteFile("sec1.pem", p256.ExportECPrivateKeyPem()), "'EC PRIVATE KEY'");
            case "PUBLIC KEY label":
                return (WriteFile("public.pem", p256.ExportSubjectPublicKeyInfoPem()), "'PUBLIC KEY'");
            case "encrypted PKCS#8":
                return (WriteFile("encrypted.pem", p256.ExportEncryptedPkcs8PrivateKeyPem(
                    "secret", new PbeParameters(PbeEncryptionAlgorithm.Aes128Cbc, HashAlgorithmName.SHA256, 1000))),
                    "'ENCRYPTED PRIVATE KEY'");
            case "bad base64":
                return (WriteFile("base64.pem", "-----BEGIN PRIVATE KEY-----\nMIGH*&^%\n-----END PRIVATE KEY-----\n"), "malformed");
            case "mismatched END":
                return (WriteFile("end.pem", p256.ExportPkcs8PrivateKeyPem().Replace("END PRIVATE KEY", "END PUBLIC KEY", StringComparison.Ordinal)), "malformed");
            case "random bytes as PKCS#8":
                return (WriteFile("random.pem", PemEncoding.WriteString("PRIVATE KEY", RandomNumberGenerator.GetBytes(120))), "PKCS#8");
            case "RSA key":
                using (var rsa = RSA.Create(2048))
                    return (WriteFile("rsa.pem", rsa.ExportPkcs8PrivateKeyPem()), "RSA");
            case "P-384 key":
                using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                    return (WriteFile("p384.pem", p384.ExportPkcs8PrivateKeyPem()), "ECDSA_P384");
            case "secp256k1 key":
                using (var k1 = ECDsa.Create(ECCurve.CreateFromFriendlyName("secP256k1")))
                    return (WriteFile("k1.pem", k1.ExportPkcs8PrivateKeyPem()), "secP256k1");
            case "trailing DER bytes":
                return (WriteFile("trailing-der.pem", PemEncoding.WriteString("PRIVATE KEY", [.. p256.ExportPkcs8PrivateKey(), 0x00, 0x00])), "bytes follow");
            case "trailing text":
                return (WriteFile("trailing.pem", p256.ExportPkcs8PrivateKeyPem() + "\nextra\n"), "content after");
            case "damaged private key":
                var der = p256.ExportPkcs8PrivateKey();
                der[^70] ^= 0xff; // inside the inner ECPrivateKey structure
                return (WriteFile("damaged.pem", PemEncoding.WriteString("PRIVATE KEY", der)), "invalid");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }
}
