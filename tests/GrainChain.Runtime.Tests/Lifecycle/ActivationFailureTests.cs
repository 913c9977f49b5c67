using GrainChain.Runtime.Tests.Grains;
using GrainChain.Runtime.Tests.Support;

namespace GrainChain.Runtime.Tests.Lifecycle;

public sealed class ActivationFailureTests
{
    [Fact]
    public async Task A_failing_activation_fails_every_waiting_call_and_the_next_call_activates_afresh()
    {
        await using var cluster = await TestClusters.StartAsync();
        var probe = cluster.Probe();
        probe.FailActivation = true;
        probe.ActivationGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = cluster.Client.GetGrain<IFlakyGrain>("f");

        // Five calls queue while the activation waits at the gate.
        var waiting = Enumerable.Range(0, 5).Select(_ => grain.HelloAsync()).ToArray();
        await probe.ActivationStarted.Task.Within();
        Assert.All(waiting, call => Assert.False(call.IsCompleted));
        probe.ActivationGate.SetResult();

        foreach (var call in waiting)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call.Within());
            Assert.Equal("activation failed on purpose", error.Message);
        }

        probe.FailActivation = false;
        Assert.Equal("hello", await grain.HelloAsync().Within());
        Assert.Equal(2, probe.Activations);
    }
}
