using GrainChain.Runtime;

namespace GrainChain.Runtime.Tests.Grains;

/// <summary>An exception type only the tests know, to check that the caller gets the grain's own exception.</summary>
public sealed class LedgerRuleViolatedException(string message) : Exception(message);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> EchoAsync(string text);

    ValueTask<int> AddAsync(int a, int b);

    ValueTask<int> PingAsync(int value);

    Task ThrowAsync(string message);

    Task<int> ThrowAfterAwaitAsync(string message);

    ValueTask<string> WhoAmIAsync();

    Task<List<int>> KeepAndReturnAsync(List<int> values);

    Task<List<int>> GetKeptAsync();

    Task<int> SumAsync(int[] values);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    private List<int> _kept = [];

    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask<int> PingAsync(int value) => new(value);

    public Task ThrowAsync(string message) => throw new LedgerRuleViolatedException(message);

    public async Task<int> ThrowAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new ArgumentOutOfRangeException(nameof(message), message);
    }

    public ValueTask<string> WhoAmIAsync() => new($"{GrainId}|{this.GetPrimaryKeyString()}");

    public Task<List<int>> KeepAndReturnAsync(List<int> values)
    {
        _kept = values;
        return Task.FromResult(_kept);
    }

    public Task<List<int>> GetKeptAsync() => Task.FromResult(_kept);

    public Task<int> SumAsync(int[] values) => Task.FromResult(values.Sum());
}

public interface IGuidKeyGrain : IGrainWithGuidKey
{
    Task<Guid> GetKeyAsync();
}

public sealed class GuidKeyGrain : Grain, IGuidKeyGrain
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(this.GetPrimaryKey());
}

public interface ICompoundKeyGrain : IGrainWithIntegerCompoundKey
{
    Task<string> DescribeAsync();
}

public sealed class CompoundKeyGrain : Grain, ICompoundKeyGrain
{
    public Task<string> DescribeAsync() => Task.FromResult($"{this.GetPrimaryKeyLong(out var extension)}:{extension}");
}

/// <summary>A grain interface that no class implements.</summary>
public interface IOrphanGrain : IGrainWithStringKey
{
    Task DoAsync();
}
