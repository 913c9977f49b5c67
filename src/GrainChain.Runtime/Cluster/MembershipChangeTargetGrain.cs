using GrainChain.Runtime.Concurrency;
using GrainChain.Runtime.Hosting;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Receives membership change notifications for the silo it runs on. Reentrant because notifications only ask for
/// a coalesced table read and need not wait for each other.
/// </summary>
[GrainType(TypeName)]
[Reentrant]
internal sealed class MembershipChangeTargetGrain(Silo silo) : Grain, IMembershipChangeTarget
{
    public const string TypeName = "sys.membership";

    public Task TableChangedAsync(long version) => silo.Cluster?.OnTableChangedAsync(version) ?? Task.CompletedTask;
}
