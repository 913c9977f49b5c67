using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Cli.Commands;

/// <summary>
/// Named wallets: one key file per name (<c>NAME.pem</c>, PKCS#8, owner-readable only) in the folder named by
/// <c>GRAINCHAIN_WALLETS</c>, else <c>data/wallets</c> under the current directory. Keys never leave this machine:
/// the console signs with them and the cluster only ever sees signatures and addresses.
/// </summary>
internal sealed class WalletStore(string directory)
{
    public const string EnvironmentVariable = "GRAINCHAIN_WALLETS";
    public const string DefaultFolder = "data/wallets";
    private const string Extension = ".pem";

    /// <summary>The folder holding the key files.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>The store the environment names, else <c>data/wallets</c> under the current directory.</summary>
    public static WalletStore Default() =>
        new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder ? folder : DefaultFolder);

    /// <summary>Wallet names follow the node-name rules: 1 to 64 letters, digits, '.', '_' or '-'.</summary>
    public static bool IsValidName(string? name) => NodeNames.IsValid(name) && name is not ("." or "..");

    public string PathOf(string name) => Path.Combine(Directory, name + Extension);

    public bool Exists(string name) => IsValidName(name) && File.Exists(PathOf(name));

    /// <summary>Generates and saves a new key under <paramref name="name"/>; never overwrites one (that would lose its coins).</summary>
    public KeyPair Create(string name)
    {
        RequireName(name);
        if (File.Exists(PathOf(name))) throw new WalletException($"wallet '{name}' exists ({PathOf(name)}); refusing to overwrite a key");
        System.IO.Directory.CreateDirectory(Directory);
        return KeyFile.Generate(PathOf(name));
    }

    /// <summary>Loads the key of wallet <paramref name="name"/>.</summary>
    public KeyPair Load(string name)
    {
        RequireName(name);
        if (!File.Exists(PathOf(name))) throw new WalletException($"no wallet '{name}' in {Directory} (`grainchain wallet new {name}` creates one)");
        return KeyFile.Load(PathOf(name));
    }

    /// <summary>The wallets in the folder, by name.</summary>
    public IReadOnlyList<string> List() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*" + Extension)
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Where(IsValidName)
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// An address given on the command line: 40 hexadecimal digits, or the name of a wallet in this store. Null with
    /// <paramref name="error"/> set otherwise.
    /// </summary>
    public Address? ResolveAddress(string text, out string? error)
    {
        error = null;
        if (Address.TryParse(text, out var address)) return address;
        if (Exists(text))
        {
            try
            {
                using var key = KeyFile.Load(PathOf(text));
                return key.Address;
            }
            catch (LedgerException e)
            {
                error = $"wallet '{text}': {e.Message}";
                return null;
            }
        }
        error = $"'{text}' is not an address (40 hexadecimal digits) nor a wallet in {Directory}";
        return null;
    }

    private static void RequireName(string name)
    {
        if (!IsValidName(name)) throw new WalletException($"'{name}' is not a wallet name: use 1 to {NodeNames.MaxLength} letters, digits, '.', '_' or '-'");
    }
}

/// <summary>A wallet that cannot be created or found, with a message for the user.</summary>
internal sealed class WalletException(string message) : Exception(message);
