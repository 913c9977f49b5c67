using System.Globalization;
using Orleans.Runtime;
using Orleans.Storage;

namespace GrainChain.Hosting.Storage;

/// <summary>ETags of GrainChain's SQLite grain storage: the record's version as a decimal number.</summary>
internal static class GrainStateETag
{
    public static string? Format(long? version) => version?.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version an ETag names; null for none. An ETag this storage cannot have written never matches.</summary>
    public static long? Parse(string? etag, string operation, string storageName, GrainId grainId, string stateName)
    {
        if (string.IsNullOrEmpty(etag)) return null;
        if (long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return version;
        throw new InconsistentStateException(
            $"{operation} of state '{stateName}' of {grainId} in grain storage '{storageName}': ETag '{etag}' was not written by this storage.",
            storedEtag: null, currentEtag: etag);
    }

    public static InconsistentStateException Conflict(
        string operation, string storageName, GrainId grainId, string stateName, string? etag, long? stored) =>
        new($"Version conflict ({operation}) of state '{stateName}' of {grainId} in grain storage '{storageName}': " +
            $"the caller's ETag is {etag ?? "none"}, the stored one is {Format(stored) ?? "none (no record)"}.",
            storedEtag: Format(stored), currentEtag: etag);
}
