using System.Collections;
using Microsoft.Extensions.Configuration;

namespace GrainChain.Hosting;

/// <summary>
/// The environment variables a silo host and the console both layer over their config file:
/// <c>GRAINCHAIN_&lt;key with __ for :&gt;</c> (<c>GRAINCHAIN_GrainChain__SiloPort=11112</c>), and the config file
/// itself in <c>GRAINCHAIN_CONFIG</c>.
/// </summary>
public static class GrainChainEnvironment
{
    public const string Prefix = "GRAINCHAIN_";

    /// <summary>Names the config file when no <c>--config</c> is given; not itself a setting.</summary>
    public const string ConfigFileVariable = "GRAINCHAIN_CONFIG";

    /// <summary>The settings among <paramref name="environment"/>: <c>GRAINCHAIN_A__B=v</c> is <c>A:B=v</c>.</summary>
    public static Dictionary<string, string?> Settings(IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            var name = entry.Key.ToString() ?? "";
            if (!name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (name.Equals(ConfigFileVariable, StringComparison.OrdinalIgnoreCase)) continue;
            var key = name[Prefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
            if (key.Length > 0) settings[key] = entry.Value?.ToString();
        }

        return settings;
    }
}
