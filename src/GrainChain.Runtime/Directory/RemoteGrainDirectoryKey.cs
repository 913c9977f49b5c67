using System.Diagnostics.CodeAnalysis;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>How the directory grain of a silo is named: grain type <c>sys.directory</c>, key the silo's address text.</summary>
internal static class RemoteGrainDirectoryKey
{
    public const string GrainTypeName = "sys.directory";

    public static GrainType GrainType { get; } = new(GrainTypeName);

    /// <summary>The key of <paramref name="silo"/>'s directory grain.</summary>
    public static string For(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.ToString();
    }

    /// <summary>The grain id of <paramref name="silo"/>'s directory grain.</summary>
    public static GrainId GrainIdFor(SiloAddress silo) => new(GrainType, For(silo));

    /// <summary>The silo a directory grain id points at; false when the id is not one.</summary>
    public static bool TryGetSilo(GrainId grainId, [NotNullWhen(true)] out SiloAddress? silo)
    {
        silo = null;
        return !grainId.IsDefault
            && string.Equals(grainId.Type.Name, GrainTypeName, StringComparison.Ordinal)
            && SiloAddress.TryParse(grainId.Key, out silo);
    }
}
