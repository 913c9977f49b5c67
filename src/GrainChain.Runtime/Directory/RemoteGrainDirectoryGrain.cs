using GrainChain.Runtime.Concurrency;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// Serves this silo's <see cref="GrainDirectoryPartition"/> to other silos. Reentrant because every call is a
/// short, thread-safe operation on the partition: calls need not wait for each other.
/// </summary>
[GrainType(RemoteGrainDirectoryKey.GrainTypeName)]
[Reentrant]
internal sealed class RemoteGrainDirectoryGrain(GrainDirectoryPartition partition) : Grain, IRemoteGrainDirectory
{
    public ValueTask<GrainAddress> RegisterAsync(GrainAddress address) => new(partition.Register(address));

    public ValueTask<GrainAddress?> LookupAsync(GrainId grainId) => new(partition.Lookup(grainId));

    public ValueTask<bool> UnregisterAsync(GrainAddress address) => new(partition.Unregister(address));

    public ValueTask<GrainAddress[]> RegisterManyAsync(GrainAddress[] addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var winners = new GrainAddress[addresses.Length];
        for (int i = 0; i < addresses.Length; i++)
        {
            winners[i] = partition.Register(addresses[i]);
        }
        return new(winners);
    }
}
