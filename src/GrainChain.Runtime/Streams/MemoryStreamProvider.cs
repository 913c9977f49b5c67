using System.Collections.Concurrent;
using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Streams.Delivery;
using GrainChain.Runtime.Streams.Hosting;
using GrainChain.Runtime.Streams.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Streams;

/// <summary>
/// One named memory stream provider of a silo: its settings, its producing agents (one per stream published from
/// this silo) and the way to its streams' pub-sub grains. Grains and the client see it through
/// <see cref="CallerBoundStreamProvider"/>.
/// </summary>
internal sealed class MemoryStreamProvider
{
    private readonly ConcurrentDictionary<string, StreamProducerAgent> _agents = new(StringComparer.Ordinal);
    private readonly GrainReferenceShared _consumerShared;
    private IGrainStorage? _pubSubStorage;
    private Silo? _silo;

    public MemoryStreamProvider(
        string name,
        MemoryStreamOptions options,
        GrainRuntime runtime,
        ImplicitStreamSubscriptionTable implicitSubscriptions,
        ClientStreamEndpoint clientEndpoint,
        StreamMetrics metrics,
        ILogger logger)
    {
        Name = name;
        Options = options;
        Runtime = runtime;
        ImplicitSubscriptions = implicitSubscriptions;
        ClientEndpoint = clientEndpoint;
        Metrics = metrics;
        Logger = logger;
        _consumerShared = new GrainReferenceShared(runtime, typeof(IStreamConsumerEndpoint), new GrainInterfaceType(StreamConsumerReference.InterfaceName));
        Push = new SubscriptionPush(this);
    }

    public string Name { get; }

    public MemoryStreamOptions Options { get; }

    public GrainRuntime Runtime { get; }

    public ImplicitStreamSubscriptionTable ImplicitSubscriptions { get; }

    public ClientStreamEndpoint ClientEndpoint { get; }

    public StreamMetrics Metrics { get; }

    public ILogger Logger { get; }

    /// <summary>How the pub-sub grains of this provider tell the agents of every silo about a change.</summary>
    public SubscriptionPush Push { get; }

    /// <summary>The store of the pub-sub grains, resolved on first use so a missing store is reported by name.</summary>
    public IGrainStorage PubSubStorage => _pubSubStorage ??=
        Runtime.Services.GetKeyedService<IGrainStorage>(Options.PubSubStorageName)
        ?? throw new InvalidOperationException(
            $"Stream provider '{Name}' keeps subscriptions in grain storage '{Options.PubSubStorageName}', but no such storage is registered " +
            $"(register one, for example with AddMemoryGrainStorage(\"{Options.PubSubStorageName}\"), or set MemoryStreamOptions.PubSubStorageName).");

    /// <summary>The silo this provider runs in, for its cluster address and view (null where no silo is hosted).</summary>
    public Silo? LocalSilo => _silo ??= Runtime.Services.GetService<Silo>();

    public IPubSubRendezvousGrain PubSub(StreamId streamId) =>
        Runtime.GrainFactory.GetGrain<IPubSubRendezvousGrain>(PubSubGrainKey.For(Name, streamId));

    /// <summary>This silo's producing agent of the stream, created on first publish.</summary>
    public StreamProducerAgent Agent(StreamId streamId)
    {
        var key = PubSubGrainKey.For(Name, streamId);
        if (_agents.TryGetValue(key, out var agent))
        {
            return agent;
        }
        return _agents.GetOrAdd(key, static (k, state) => new StreamProducerAgent(state.self, state.streamId, k), (self: this, streamId));
    }

    /// <summary>
    /// A pub-sub grain's push of a new subscription set to this silo's agent of the stream: called directly on the
    /// pub-sub grain's own silo, and by <see cref="SiloStreamAgentsGrain"/> for a push from another silo.
    /// </summary>
    public void SubscriptionsChanged(string pubSubKey, StreamSubscriptionSet subscriptions)
    {
        if (_agents.TryGetValue(pubSubKey, out var agent))
        {
            agent.Apply(subscriptions);
        }
    }

    public GrainReference ConsumerReference(GrainId consumer) => new StreamConsumerReference(_consumerShared, consumer);

    /// <summary>True for the endpoint of a client that lived on a silo this silo's view has declared dead.</summary>
    public bool IsClientOfDeadSilo(GrainId consumer) =>
        string.Equals(consumer.Type.Name, ClientStreamEndpoint.GrainTypeName, StringComparison.Ordinal)
        && SystemTargetId.TryGetSilo(consumer, out var silo)
        && LocalSilo is { } local
        && local.ClusterView.IsDead(silo);
}
