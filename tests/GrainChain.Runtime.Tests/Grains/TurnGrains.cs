using GrainChain.Runtime;
using GrainChain.Runtime.Concurrency;

namespace GrainChain.Runtime.Tests.Grains;

public interface ITurnCheckGrain : IGrainWithIntegerKey
{
    /// <summary>Enters, awaits several times (thread-pool hops included), leaves; returns the number of completed entries.</summary>
    Task<int> EnterAsync();

    Task<int> GetOverlapsAsync();
}

/// <summary>Counts how often a request found another request inside the grain, across its awaits.</summary>
public sealed class TurnCheckGrain : Grain, ITurnCheckGrain
{
    private int _inside;
    private int _overlaps;
    private int _completed;

    public async Task<int> EnterAsync()
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            _overlaps++;
        }
        await Task.Yield();
        await Task.Run(() => { });
        if (Volatile.Read(ref _inside) != 1)
        {
            _overlaps++;
        }
        await Task.Yield();
        Interlocked.Decrement(ref _inside);
        return ++_completed;
    }

    public Task<int> GetOverlapsAsync() => Task.FromResult(_overlaps);
}

public interface IRendezvousGrain : IGrainWithStringKey
{
    /// <summary>
    /// Party 0 and party 1 each wait for the other to arrive: completes only if the two calls interleave. A party
    /// waits two seconds at most and then throws TimeoutException, so a non-interleaving grain frees itself.
    /// </summary>
    Task<string> MeetAsync(int party);

    [AlwaysInterleave]
    Task<string> MeetInterleavedAsync(int party);
}

/// <summary>A two-party rendezvous: only finishes when both calls are inside the grain at once.</summary>
public abstract class RendezvousGrainBase : Grain, IRendezvousGrain
{
    private readonly TaskCompletionSource[] _arrived = [new(), new()];

    public async Task<string> MeetAsync(int party)
    {
        _arrived[party].TrySetResult();
        await _arrived[1 - party].Task.WaitAsync(TimeSpan.FromSeconds(2));
        return $"party {party} met party {1 - party}";
    }

    public Task<string> MeetInterleavedAsync(int party) => MeetAsync(party);
}

public sealed class RendezvousGrain : RendezvousGrainBase;

[Reentrant]
[GrainType("reentrant-rendezvous")]
public sealed class ReentrantRendezvousGrain : RendezvousGrainBase;

public interface ICycleGrain : IGrainWithIntegerKey
{
    /// <summary>Calls grain <paramref name="other"/>, which calls this grain back.</summary>
    Task<string> CallThroughAsync(long other);

    Task<string> CallBackAsync(long caller);

    Task<string> PingAsync();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallThroughAsync(long other) => GrainFactory.GetGrain<ICycleGrain>(other).CallBackAsync(this.GetPrimaryKeyLong());

    public Task<string> CallBackAsync(long caller) => GrainFactory.GetGrain<ICycleGrain>(caller).PingAsync();

    public Task<string> PingAsync() => Task.FromResult("pong");
}
