using System.Buffers;
using GrainChain.Runtime;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.State;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Tests.References;

/// <summary>Answers with its own key, so a test can tell which grain a reference reached.</summary>
public interface IGreeterGrain : IGrainWithStringKey
{
    Task<string> GreetAsync(string name);

    /// <summary>Serializes the grain object itself (a mistake) and returns why that was refused.</summary>
    Task<string> SerializeSelfAsync();
}

public sealed class GreeterGrain : Grain, IGreeterGrain
{
    public Task<string> GreetAsync(string name) => Task.FromResult($"{this.GetPrimaryKeyString()} greets {name}");

    public Task<string> SerializeSelfAsync()
    {
        var serializer = ServiceProvider.GetRequiredService<IGrainSerializer>();
        try
        {
            serializer.Serialize<IGreeterGrain>(this, new ArrayBufferWriter<byte>());
            return Task.FromResult("serialized");
        }
        catch (GrainSerializationException e)
        {
            return Task.FromResult(e.Message);
        }
    }
}

/// <summary>A grain interface with a Guid key, to check references of another key kind.</summary>
public interface IGuidGreeterGrain : IGrainWithGuidKey
{
    Task<Guid> GetKeyAsync();
}

public sealed class GuidGreeterGrain : Grain, IGuidGreeterGrain
{
    public Task<Guid> GetKeyAsync() => Task.FromResult(this.GetPrimaryKey());
}

/// <summary>Several grain references and identities in one message.</summary>
[GenerateSerializer]
public sealed record Contacts(
    [property: Id(0)] IGreeterGrain Primary,
    [property: Id(1)] List<IGreeterGrain> Others,
    [property: Id(2)] IGuidGreeterGrain? Backup,
    [property: Id(3)] GrainId Origin,
    [property: Id(4)] StreamId Feed);

/// <summary>Receives, returns and calls through grain references.</summary>
public interface IRelayGrain : IGrainWithStringKey
{
    Task<string> CallThroughAsync(IGreeterGrain target, string name);

    Task<IGreeterGrain> GetPartnerAsync();

    Task<List<string>> GreetAllAsync(List<IGreeterGrain> targets, string name);

    Task<Contacts> ForwardAsync(Contacts contacts);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public Task<string> CallThroughAsync(IGreeterGrain target, string name) => target.GreetAsync(name);

    public Task<IGreeterGrain> GetPartnerAsync() => Task.FromResult(GrainFactory.GetGrain<IGreeterGrain>($"partner-of-{this.GetPrimaryKeyString()}"));

    public async Task<List<string>> GreetAllAsync(List<IGreeterGrain> targets, string name)
    {
        var greetings = new List<string>();
        foreach (var target in targets)
        {
            greetings.Add(await target.GreetAsync(name));
        }

        return greetings;
    }

    public Task<Contacts> ForwardAsync(Contacts contacts) => Task.FromResult(contacts);
}

/// <summary>State that keeps references to other grains.</summary>
[GenerateSerializer]
public sealed class BookmarkState
{
    [Id(0)]
    public IGreeterGrain? Target { get; set; }

    [Id(1)]
    public List<IGreeterGrain> Others { get; set; } = [];

    [Id(2)]
    public IGuidGreeterGrain? GuidTarget { get; set; }
}

/// <summary>Remembers grain references in persistent state and calls through them after reactivation.</summary>
public interface IBookmarkGrain : IGrainWithStringKey
{
    Task RememberAsync(IGreeterGrain target, List<IGreeterGrain> others, IGuidGreeterGrain guidTarget);

    Task<List<string>> GreetRememberedAsync(string name);

    Task<Guid> AskGuidTargetAsync();

    Task DeactivateAsync();
}

public sealed class BookmarkGrain([PersistentState("bookmark", "store")] IPersistentState<BookmarkState> bookmark, LifecycleProbe probe)
    : Grain, IBookmarkGrain
{
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

    public async Task RememberAsync(IGreeterGrain target, List<IGreeterGrain> others, IGuidGreeterGrain guidTarget)
    {
        bookmark.State.Target = target;
        bookmark.State.Others = others;
        bookmark.State.GuidTarget = guidTarget;
        await bookmark.WriteStateAsync();
    }

    public async Task<List<string>> GreetRememberedAsync(string name)
    {
        var target = bookmark.State.Target ?? throw new InvalidOperationException("Nothing remembered.");
        var greetings = new List<string> { await target.GreetAsync(name) };
        foreach (var other in bookmark.State.Others)
        {
            greetings.Add(await other.GreetAsync(name));
        }

        return greetings;
    }

    public Task<Guid> AskGuidTargetAsync() =>
        (bookmark.State.GuidTarget ?? throw new InvalidOperationException("Nothing remembered.")).GetKeyAsync();

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}
