using GrainChain.Runtime;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>Answers with the silo and process of its activation (random placement spreads the keys over the silos).</summary>
public sealed class WhereGrain : Grain, IWhereGrain
{
    public Task<SiloLocation> WhereAsync() => Task.FromResult(this.Location());
}
