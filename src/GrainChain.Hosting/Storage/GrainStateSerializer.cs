using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace GrainChain.Hosting.Storage;

/// <summary>The serializer GrainChain's relational grain storage writes state with.</summary>
internal static class GrainStateSerializer
{
    /// <summary>
    /// Orleans' binary serializer, not the silo's default JSON one (Newtonsoft). GrainChain's state holds ledger
    /// types (hashes, amounts, headers, blocks) that are serializable only through the Orleans surrogates in
    /// GrainChain.Abstractions, which JSON does not see; the binary form is what grain calls already use, is
    /// version-tolerant through [Id] members, and keeps byte arrays as bytes (JSON would inflate them by a third as
    /// base64 and parse them on every activation). The cost: a stored row is not human-readable.
    /// </summary>
    public static IGrainStorageSerializer Create(IServiceProvider services) =>
        new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
}
