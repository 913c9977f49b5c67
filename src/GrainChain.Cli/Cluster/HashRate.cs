using System.Globalization;
using System.Numerics;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// A miner's hash rate estimated the way pools do it: the expected number of hashes of every block found (from its
/// target) over the time it took. Exact on average; a lucky or unlucky block moves a short run's figure.
/// </summary>
internal sealed class HashRate
{
    private BigInteger _expectedHashes;

    /// <summary>Blocks counted so far.</summary>
    public int Blocks { get; private set; }

    /// <summary>Counts one block found at the target <paramref name="bits"/>.</summary>
    public void Add(uint bits)
    {
        _expectedHashes += ProofOfWork.WorkFor(bits);
        Blocks++;
    }

    /// <summary>Expected hashes per second over <paramref name="elapsed"/>; zero before any block or time.</summary>
    public double PerSecond(TimeSpan elapsed) =>
        Blocks == 0 || elapsed <= TimeSpan.Zero ? 0 : (double)_expectedHashes / elapsed.TotalSeconds;

    /// <summary>A rate in H/s, kH/s, MH/s, GH/s or TH/s with three significant digits.</summary>
    public static string Format(double hashesPerSecond)
    {
        string[] units = ["H/s", "kH/s", "MH/s", "GH/s", "TH/s"];
        var unit = 0;
        while (hashesPerSecond >= 1000 && unit < units.Length - 1)
        {
            hashesPerSecond /= 1000;
            unit++;
        }
        var digits = hashesPerSecond >= 100 ? "F0" : hashesPerSecond >= 10 ? "F1" : "F2";
        return hashesPerSecond.ToString(digits, CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
