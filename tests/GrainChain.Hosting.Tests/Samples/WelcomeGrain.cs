// The README's "Write a grain" sample, compiled and run by ReadmeSampleTests: keep the two identical.
using GrainChain.Hosting;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Samples;

public interface IWelcomeGrain : IGrainWithStringKey
{
    Task<string> WelcomeAsync(string visitor);
    Task<int> GetVisitsAsync();
}

[GenerateSerializer]
public sealed class WelcomeState
{
    [Id(0)] public int Visits { get; set; }
}

public sealed class WelcomeGrain(
    [PersistentState("welcome", GrainChainOptions.StorageName)] IPersistentState<WelcomeState> state)
    : Grain, IWelcomeGrain
{
    public async Task<string> WelcomeAsync(string visitor)
    {
        state.State.Visits++;
        await state.WriteStateAsync();   // compare-and-set on the ETag; durable when it returns
        return $"welcome to {this.GetPrimaryKeyString()}, {visitor} (visit {state.State.Visits})";
    }

    public Task<int> GetVisitsAsync() => Task.FromResult(state.State.Visits);
}
