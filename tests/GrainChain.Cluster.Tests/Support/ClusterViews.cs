using GrainChain.Runtime;
using GrainChain.Runtime.Management;

namespace GrainChain.Cluster.Tests.Support;

/// <summary>Waits, through the management grain, until the silos themselves (not only the table) agree on the cluster.</summary>
internal static class ClusterViews
{
    /// <summary>
    /// Polls until exactly <paramref name="active"/> answer as the Active silos, each having read at least table
    /// version <paramref name="minimumVersion"/>.
    /// </summary>
    public static Task WaitUntilActiveAsync(IClusterClient client, IEnumerable<SiloProcess> active, long minimumVersion, TimeSpan callTimeout) =>
        Poll.UntilAsync(
            $"silos {string.Join(", ", active.Select(s => s.Name))} all seeing table version {minimumVersion}",
            TimeSpan.FromSeconds(30),
            async ct => await client.GetGrain<IManagementGrain>(0).GetRuntimeStatisticsAsync().WaitAsync(callTimeout, ct),
            stats => stats.Select(s => s.Address).Order().SequenceEqual(active.Select(s => s.Address).Order())
                && stats.All(s => s.MembershipVersion >= minimumVersion),
            stats => string.Join(", ", stats.Select(s => $"{s.Address} v{s.MembershipVersion}")));
}
