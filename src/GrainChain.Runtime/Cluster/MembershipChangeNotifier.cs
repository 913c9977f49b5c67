using GrainChain.Runtime.Membership;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// Tells the other Joining and Active silos that this silo changed the membership table, so they read it now rather than at
/// their next periodic refresh. Best effort: each notification is bounded by a short timeout and a silo that cannot
/// be told still learns the change from its periodic read.
/// </summary>
internal sealed class MembershipChangeNotifier(IGrainFactory grains, SiloAddress self, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    /// <summary>
    /// Notifies the change's members except this silo and the silo whose row changed. Completes when all have
    /// answered (each has read the table) or timed out; never faults.
    /// </summary>
    public Task NotifyAsync(MembershipStatusChange change)
    {
        var targets = change.Members.Where(silo => !silo.Equals(self) && !silo.Equals(change.Silo)).ToList();
        if (targets.Count == 0)
        {
            return Task.CompletedTask;
        }

        logger.NotifyingMembershipChange(change.Silo, change.Status, change.Version, targets.Count);
        return Task.WhenAll(targets.Select(target => NotifyAsync(target, change.Version)));
    }

    private async Task NotifyAsync(SiloAddress target, long version)
    {
        var call = grains.GetGrain<IMembershipChangeTarget>(SystemTargetId.For(MembershipChangeTargetGrain.TypeName, target).Key, MembershipChangeTargetGrain.TypeName)
            .TableChangedAsync(version);
        try
        {
            await call.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.MembershipNotificationFailed(target, version, exception.Message);
            // The call itself may still fail after the timeout; its outcome no longer matters.
            _ = call.ContinueWith(static done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }
}
