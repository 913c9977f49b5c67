using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;

namespace GrainChain.Runtime.Management;

/// <summary>Answers from the membership view of the silo it runs on, and fans out to every Active silo's control target.</summary>
[Concurrency.Reentrant]
internal sealed class ManagementGrain(Silo silo) : Grain, IManagementGrain
{
    public Task<SiloSummary[]> GetHostsAsync()
    {
        var view = silo.ClusterView;
        if (view.Members.IsEmpty)
        {
            // A silo that runs alone is its own cluster.
            var now = DateTimeOffset.UtcNow;
            return Task.FromResult<SiloSummary[]>([new SiloSummary(RuntimeIdentity, Membership.SiloStatus.Active, Environment.MachineName, now, now)]);
        }
        return Task.FromResult(view.Members
            .Select(m => new SiloSummary(m.Silo.ToString(), m.Status, m.HostName, m.StartTime, m.IAmAliveTime))
            .ToArray());
    }

    public async Task<SiloRuntimeStatistics[]> GetRuntimeStatisticsAsync()
    {
        var active = silo.ClusterView.ActiveSilos;
        if (active.IsEmpty)
        {
            return [new SiloRuntimeStatistics(RuntimeIdentity, silo.Name, silo.ActivationCount, silo.ClusterView.Version)];
        }
        var answers = active.Select(address =>
            GrainFactory.GetGrain<ISiloControl>(SystemTargetId.For(SiloControlGrain.TypeName, address).Key, SiloControlGrain.TypeName).GetStatisticsAsync());
        return await Task.WhenAll(answers);
    }
}
