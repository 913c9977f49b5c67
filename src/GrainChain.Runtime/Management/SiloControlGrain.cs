using GrainChain.Runtime.Hosting;

namespace GrainChain.Runtime.Management;

/// <summary>Answers management questions about the silo it runs on (it always runs on the silo its key names).</summary>
[GrainType(TypeName)]
[Concurrency.Reentrant]
internal sealed class SiloControlGrain(Silo silo) : Grain, ISiloControl
{
    public const string TypeName = "sys.silo-control";

    public Task<SiloRuntimeStatistics> GetStatisticsAsync() =>
        Task.FromResult(new SiloRuntimeStatistics(RuntimeIdentity, silo.Name, silo.ActivationCount, silo.ClusterView.Version));
}
