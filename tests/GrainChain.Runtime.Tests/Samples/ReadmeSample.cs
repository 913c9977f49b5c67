// The grain shown in README.md ("Write a grain"); ReadmeSampleTests keeps the README honest.
using GrainChain.Runtime;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.State;

namespace GrainChain.Runtime.Tests.Samples;

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

public sealed class WelcomeGrain([PersistentState("welcome", "store")] IPersistentState<WelcomeState> state)
    : Grain, IWelcomeGrain
{
    public async Task<string> WelcomeAsync(string visitor)
    {
        state.State.Visits++;
        await state.WriteStateAsync();
        return $"welcome to {this.GetPrimaryKeyString()}, {visitor} (visit {state.State.Visits})";
    }

    public Task<int> GetVisitsAsync() => Task.FromResult(state.State.Visits);
}
