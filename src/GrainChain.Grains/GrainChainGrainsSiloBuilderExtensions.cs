using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Nodes;
using GrainChain.Grains.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GrainChain.Grains;

/// <summary>Registers what the ledger grains of a silo share (blocks in memory, signature cache, miner) and the announcement streams.</summary>
public static class GrainChainGrainsSiloBuilderExtensions
{
    public static ISiloBuilder AddGrainChainGrains(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton(sp => new LedgerServices(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IPeerDirectory, NodePeerDirectory>();
        // Announcements travel on memory streams; subscriptions are kept in the "PubSubStore" that AddGrainChain
        // puts on the cluster's database, so they survive silos.
        builder.AddMemoryStreams(NodeStreams.ProviderName);
        return builder;
    }
}
