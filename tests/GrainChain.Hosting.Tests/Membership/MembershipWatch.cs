using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>Waits, without polling, for a silo's view of the cluster to reach a state.</summary>
internal static class MembershipWatch
{
    /// <summary>An upper bound for a state that normally arrives within seconds; never a timing assertion.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public static SiloAddress SiloAddress(this IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    public static async Task UntilAsync(IHost silo, string what, Func<ClusterMembershipSnapshot, bool> reached)
    {
        var membership = silo.Services.GetRequiredService<IClusterMembershipService>();
        var last = membership.CurrentSnapshot;
        if (reached(last)) return;
        using var patience = new CancellationTokenSource(Patience);
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(patience.Token))
            {
                last = snapshot;
                if (reached(snapshot)) return;
            }
        }
        catch (OperationCanceledException) when (patience.IsCancellationRequested)
        {
            // Reported below with the last view.
        }

        Assert.Fail($"{silo.SiloAddress()} never saw {what}; its last view: {last}");
    }
}
