using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.References;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>A record argument and result with a generated codec, as ledger messages are written.</summary>
[GenerateSerializer]
public sealed record LedgerEntry([property: Id(0)] string Account, [property: Id(1)] long Amount, [property: Id(2)] string[] Tags);

/// <summary>An exception type the caller's silo has no factory for: it must arrive as a <see cref="RemoteGrainException"/>.</summary>
public sealed class WireRuleViolatedException(string message) : Exception(message);

/// <summary>A base grain interface: its method travels under its own interface id even when called through a derived proxy.</summary>
public interface IWireBaseGrain : IGrainWithStringKey
{
    Task<string> NameAsync();
}

/// <summary>Every return shape, with zero, one and several arguments of different kinds.</summary>
public interface IWireGrain : IWireBaseGrain
{
    Task<long> TotalAsync();

    Task RecordAsync(LedgerEntry entry, string memo);

    ValueTask<LedgerEntry> DoubleAsync(LedgerEntry entry);

    ValueTask ClearAsync();

    Task<string> DescribeAsync(int count, double ratio, string? label, byte[] payload, long[] numbers, Guid id);

    Task<List<LedgerEntry>> HistoryAsync();

    Task<string> GreetThroughAsync(IGreeterGrain greeter, string name);

    Task<IGreeterGrain> PartnerAsync();

    Task FailAsync(string message);

    ValueTask<int> FailAfterYieldAsync(string message);

    /// <summary>Used only by the completion-race tests, so its pooled requests are theirs alone.</summary>
    Task<string> EchoAsync(string text);
}

public sealed class WireGrain : Grain, IWireGrain
{
    private readonly List<LedgerEntry> _entries = [];

    public Task<string> NameAsync() => Task.FromResult(this.GetPrimaryKeyString());

    public Task<long> TotalAsync() => Task.FromResult(_entries.Sum(e => e.Amount));

    public async Task RecordAsync(LedgerEntry entry, string memo)
    {
        await Task.Yield();
        _entries.Add(entry with { Tags = [.. entry.Tags, memo] });
    }

    public ValueTask<LedgerEntry> DoubleAsync(LedgerEntry entry) => new(entry with { Amount = entry.Amount * 2, Tags = [.. entry.Tags, "doubled"] });

    public ValueTask ClearAsync()
    {
        _entries.Clear();
        return default;
    }

    public Task<string> DescribeAsync(int count, double ratio, string? label, byte[] payload, long[] numbers, Guid id) =>
        Task.FromResult($"{count}|{ratio:R}|{label ?? "(none)"}|{Convert.ToHexString(payload)}|{string.Join(",", numbers)}|{id:N}");

    public Task<List<LedgerEntry>> HistoryAsync() => Task.FromResult(_entries);

    public async Task<string> GreetThroughAsync(IGreeterGrain greeter, string name) => await greeter.GreetAsync(name);

    public Task<IGreeterGrain> PartnerAsync() => Task.FromResult(GrainFactory.GetGrain<IGreeterGrain>("partner-of-" + this.GetPrimaryKeyString()));

    public Task FailAsync(string message) => throw new WireRuleViolatedException(message);

    public async ValueTask<int> FailAfterYieldAsync(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message);
    }

    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}

/// <summary>A grain whose activation always fails, so calls to it are never delivered.</summary>
public interface IWireBrokenGrain : IGrainWithStringKey
{
    Task<int> GetAsync();
}

public sealed class WireBrokenGrain : Grain, IWireBrokenGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("This grain refuses to activate.");

    public Task<int> GetAsync() => Task.FromResult(1);
}

/// <summary>A value with no codec: a grain can return it as an <see cref="object"/>, but it cannot cross silos.</summary>
public sealed class Unserializable
{
    public int Value { get; init; }
}

/// <summary>Results that do not fit the wire, and a result that does not fit in one buffer segment.</summary>
public interface IWireOddGrain : IGrainWithStringKey
{
    Task<object> UnserializableAsync();

    Task<byte[]> BytesAsync(byte[] payload);
}

public sealed class WireOddGrain : Grain, IWireOddGrain
{
    public Task<object> UnserializableAsync() => Task.FromResult<object>(new Unserializable { Value = 1 });

    public Task<byte[]> BytesAsync(byte[] payload) => Task.FromResult(payload.Reverse().ToArray());
}
