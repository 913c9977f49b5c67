using Orleans.Runtime;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// How GrainChain names a grain's stored state: the whole grain id (<c>type/key</c>) and the state name. Orleans'
/// ADO.NET provider keys rows by <see cref="GrainId.Key"/> alone (dotnet/orleans#8746, #9737: two grain types with
/// the same key share a row) and parses any key that reads as hexadecimal as an integer ("020235" and "20235" become
/// one row, #9706). <see cref="ForAdoNet"/> rewrites the id so that the provider passes it through untouched.
/// </summary>
internal static class GrainStateIdentity
{
    /// <summary>Starts every rewritten key: it is neither a hexadecimal digit nor part of a GUID, so the provider's
    /// integer and GUID parsers both fail and it takes the key as a plain string. The scripts strip it.</summary>
    public const char AdoNetKeyMarker = '~';

    /// <summary>The text stored in the GrainId column: Orleans' own <c>type/key</c> form.</summary>
    public static string Of(GrainId grainId) => grainId.ToString();

    /// <summary>A grain id whose key is <see cref="AdoNetKeyMarker"/> followed by the full original id.</summary>
    public static GrainId ForAdoNet(GrainId grainId) =>
        GrainId.Create(grainId.Type, IdSpan.Create(AdoNetKeyMarker + Of(grainId)));
}
