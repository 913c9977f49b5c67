using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Silo.Http;

/// <summary>
/// The gateway's settings, read from the <c>GrainChain:Gateway</c> configuration section when the routes are mapped.
/// The seeds' routes at the root (<c>/chain</c>, <c>/mine</c>, …) act on <see cref="DefaultNode"/>, created on first
/// use with <see cref="DefaultProfile"/> and a miner address: <see cref="MinerAddress"/> if set, else the address of
/// the key in <see cref="MinerKeyFile"/> (generated there if the file does not exist), else the address of a key
/// generated in memory for this process (its rewards can only be spent by whoever holds that key: nobody after a
/// restart, so set one of the two for anything but a demo).
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "GrainChain:Gateway";

    /// <summary>The node the seeds' root routes use.</summary>
    public string DefaultNode { get; set; } = "node";

    /// <summary>The chain profile the default node is created with ("test": trivial difficulty, or "main").</summary>
    public string DefaultProfile { get; set; } = "test";

    /// <summary>Where the default node's mining rewards go (40 hexadecimal digits); optional.</summary>
    public string? MinerAddress { get; set; }

    /// <summary>A key file (see <see cref="KeyFile"/>) whose address receives the default node's rewards; optional.</summary>
    public string? MinerKeyFile { get; set; }

    /// <summary>The largest request body accepted, in bytes; a larger one is answered 413.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    internal Address ResolveMinerAddress()
    {
        if (!string.IsNullOrWhiteSpace(MinerAddress))
        {
            return Address.TryParse(MinerAddress, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:MinerAddress is not an address of 40 hexadecimal digits");
        }

        if (!string.IsNullOrWhiteSpace(MinerKeyFile))
        {
            using var key = File.Exists(MinerKeyFile) ? KeyPair.Load(MinerKeyFile) : KeyPair.GenerateToFile(MinerKeyFile);
            return key.Address;
        }

        using var ephemeral = KeyPair.Generate();
        return ephemeral.Address;
    }
}
