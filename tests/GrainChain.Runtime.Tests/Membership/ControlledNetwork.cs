using System.Collections.Concurrent;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>
/// The network as the failure detector sees it, under the test's control: a silo answers probes while it is
/// reachable. Links can also be cut one way (a partition). Unreachable silos either fail at once (a refused
/// connection) or, when <see cref="UnansweredProbesWaitForTimeout"/> is set, only when the probe times out on the clock.
/// </summary>
internal sealed class ControlledNetwork(TimeProvider clock)
{
    private readonly TimeProvider _clock = clock;
    private readonly ConcurrentDictionary<SiloAddress, bool> _reachable = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), bool> _cut = new();
    private readonly ConcurrentDictionary<SiloAddress, int> _probesSent = new();

    public bool UnansweredProbesWaitForTimeout { get; set; }

    public void Connect(SiloAddress silo) => _reachable[silo] = true;

    public void Disconnect(SiloAddress silo) => _reachable[silo] = false;

    public void Cut(SiloAddress from, SiloAddress to) => _cut[(from, to)] = true;

    /// <summary>Probes <paramref name="silo"/> has sent so far.</summary>
    public int ProbesSentBy(SiloAddress silo) => _probesSent.GetValueOrDefault(silo);

    public ISiloProber ProberFor(SiloAddress self) => new Prober(this, self);

    private sealed class Prober(ControlledNetwork network, SiloAddress self) : ISiloProber
    {
        public Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        {
            network._probesSent.AddOrUpdate(self, 1, static (_, count) => count + 1);
            if (network._reachable.GetValueOrDefault(target) && !network._cut.ContainsKey((self, target)))
            {
                return Task.FromResult(true);
            }

            if (!network.UnansweredProbesWaitForTimeout)
            {
                return Task.FromResult(false);
            }

            // No answer: the probe gives up when the injected clock reaches the timeout.
            var gaveUp = new TaskCompletionSource<bool>();
            var timer = network._clock.CreateTimer(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), gaveUp, timeout, Timeout.InfiniteTimeSpan);
            _ = gaveUp.Task.ContinueWith(_ => timer.Dispose(), TaskScheduler.Default);
            return gaveUp.Task;
        }
    }
}
