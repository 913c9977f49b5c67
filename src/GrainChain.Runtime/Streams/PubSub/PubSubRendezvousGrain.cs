using GrainChain.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Streams.PubSub;

/// <summary>
/// Keeps one stream's explicit subscriptions in the provider's pub-sub store. Every change is written first (with
/// compare-and-set on the ETag) and then pushed to the producing agents of every silo, so a subscriber whose
/// SubscribeAsync has returned receives every event published after that, wherever it is published.
/// </summary>
[GrainType("sys.stream-pubsub")]
internal sealed class PubSubRendezvousGrain : Grain, IPubSubRendezvousGrain
{
    private const string StateName = "stream-pubsub";

    private MemoryStreamProvider _provider = null!;
    private IGrainStorage _storage = null!;
    private string _key = null!;
    private string _record = null!;
    private string? _etag;
    private StreamSubscriptionSet _set = StreamSubscriptionSet.Empty;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = this.GetPrimaryKeyString();
        var providerName = PubSubGrainKey.ProviderName(_key);
        _provider = ServiceProvider.GetKeyedService<MemoryStreamProvider>(providerName)
            ?? throw new InvalidOperationException($"Pub-sub grain {GrainId} belongs to stream provider '{providerName}', which this silo does not have.");
        _storage = _provider.PubSubStorage;
        _record = GrainId.ToString();
        var stored = await _storage.ReadAsync(StateName, _record, cancellationToken);
        if (stored is not null)
        {
            _set = PubSubStateCodec.Decode(stored.Data.Span, _record);
            _etag = stored.ETag;
        }
    }

    public Task<StreamSubscriptionSet> GetSubscriptionsAsync() => Task.FromResult(_set);

    public Task RegisterConsumerAsync(Guid subscriptionId, string consumer)
    {
        if (!GrainId.TryParse(consumer, out var consumerId))
        {
            throw new ArgumentException($"'{consumer}' is not a grain id.", nameof(consumer));
        }
        foreach (var entry in _set.Span)
        {
            if (entry.SubscriptionId == subscriptionId)
            {
                return entry.Consumer == consumerId
                    ? Task.CompletedTask
                    : throw new ArgumentException($"Subscription {subscriptionId:N} already belongs to {entry.Consumer}, not {consumerId}.", nameof(subscriptionId));
            }
        }
        var entries = new StreamSubscriptionEntry[_set.Span.Length + 1];
        _set.Span.CopyTo(entries);
        entries[^1] = new StreamSubscriptionEntry(subscriptionId, consumerId);
        return CommitAsync(new StreamSubscriptionSet(_set.Version + 1, entries));
    }

    public Task UnregisterConsumerAsync(Guid subscriptionId)
    {
        var current = _set.Span;
        int index = -1;
        for (int i = 0; i < current.Length; i++)
        {
            if (current[i].SubscriptionId == subscriptionId)
            {
                index = i;
                break;
            }
        }
        if (index < 0)
        {
            return Task.CompletedTask;
        }
        var entries = new StreamSubscriptionEntry[current.Length - 1];
        current[..index].CopyTo(entries);
        current[(index + 1)..].CopyTo(entries.AsSpan(index));
        return CommitAsync(new StreamSubscriptionSet(_set.Version + 1, entries));
    }

    private async Task CommitAsync(StreamSubscriptionSet next)
    {
        _etag = await _storage.WriteAsync(StateName, _record, PubSubStateCodec.Encode(next), _etag);
        _set = next;
        await _provider.Push.PushAsync(_key, next);
    }
}
