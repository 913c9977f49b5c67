using GrainChain.Runtime;
using GrainChain.Runtime.Tests.Support;
using GrainChain.Runtime.Timers;

namespace GrainChain.Runtime.Tests.Grains;

public interface IFlakyGrain : IGrainWithStringKey
{
    Task<string> HelloAsync();
}

/// <summary>Its activation waits on the probe's gate and then fails while the probe says so.</summary>
public sealed class FlakyGrain(LifecycleProbe probe) : Grain, IFlakyGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        probe.ActivationStarted.TrySetResult();
        await probe.ActivationGate.Task;
        if (probe.FailActivation)
        {
            throw new InvalidOperationException("activation failed on purpose");
        }
    }

    public Task<string> HelloAsync() => Task.FromResult("hello");
}

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> TouchAsync();

    Task DeactivateAsync();

    Task StartTimerAsync(TimeSpan period, bool keepAlive);

    Task<int> GetTicksAsync();
}

/// <summary>Reports its lifecycle to the probe; counts its own calls and timer ticks.</summary>
public sealed class LifecycleGrain(LifecycleProbe probe) : Grain, ILifecycleGrain
{
    private int _touches;
    private int _ticks;
    private bool _inTurn;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(this.GetPrimaryKeyString(), reason);
        return Task.CompletedTask;
    }

    public Task<int> TouchAsync() => Task.FromResult(++_touches);

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task StartTimerAsync(TimeSpan period, bool keepAlive)
    {
        RegisterGrainTimer(
            async ct =>
            {
                if (_inTurn)
                {
                    throw new InvalidOperationException("timer tick overlapped another turn");
                }
                _inTurn = true;
                await Task.Yield();
                _ticks++;
                _inTurn = false;
            },
            new GrainTimerCreationOptions(period, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(_ticks);
}
