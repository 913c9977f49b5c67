using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Streams.Delivery;

/// <summary>
/// Hands events to an <see cref="IAsyncObserver{T}"/> in order. An event of another type is skipped with a
/// <see cref="StreamEventTypeMismatchException"/> (logged, counted, passed to OnErrorAsync); an observer that throws
/// stops the run so the producer side can retry from that event.
/// </summary>
internal sealed class StreamObserverTarget<T>(IAsyncObserver<T> observer, MemoryStreamProvider provider) : IStreamObserverTarget
{
    public IAsyncObserver<T> Observer { get; } = observer;

    public ValueTask<StreamDeliveryOutcome> DeliverAsync(StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count)
    {
        // Runs synchronously while the observer completes synchronously; goes async at the first pending task.
        for (int i = 0; i < count; i++)
        {
            var streamEvent = events[offset + i];
            if (!streamEvent.TryGetItem<T>(out var item))
            {
                var mismatch = ReportMismatch(streamId, subscriptionId, streamEvent);
                return ContinueAfterMismatchAsync(mismatch, streamId, subscriptionId, events, offset, count, i);
            }
            Task pending;
            try
            {
                pending = Observer.OnNextAsync(item, streamEvent.Token);
            }
            catch (Exception exception)
            {
                return new(Failed(exception, streamId, subscriptionId, streamEvent, i));
            }
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(pending, streamId, subscriptionId, events, offset, count, i);
            }
            provider.Metrics.Delivered(provider.Name, 1);
        }
        return new(StreamDeliveryOutcome.Completed(count));
    }

    private async ValueTask<StreamDeliveryOutcome> ContinueAsync(Task pending, StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count, int index)
    {
        try
        {
            await pending;
        }
        catch (Exception exception)
        {
            return Failed(exception, streamId, subscriptionId, events[offset + index], index);
        }
        provider.Metrics.Delivered(provider.Name, 1);
        return await RestAsync(streamId, subscriptionId, events, offset, count, index + 1);
    }

    private async ValueTask<StreamDeliveryOutcome> ContinueAfterMismatchAsync(
        StreamEventTypeMismatchException mismatch, StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count, int index)
    {
        try
        {
            await Observer.OnErrorAsync(mismatch);
        }
        catch (Exception exception)
        {
            provider.Logger.OnErrorFailed(exception, subscriptionId);
        }
        return await RestAsync(streamId, subscriptionId, events, offset, count, index + 1);
    }

    private async ValueTask<StreamDeliveryOutcome> RestAsync(StreamId streamId, Guid subscriptionId, StreamEvent[] events, int offset, int count, int from)
    {
        if (from >= count)
        {
            return StreamDeliveryOutcome.Completed(count);
        }
        var rest = await DeliverAsync(streamId, subscriptionId, events, offset + from, count - from);
        return rest with { Processed = rest.Processed + from };
    }

    private StreamEventTypeMismatchException ReportMismatch(StreamId streamId, Guid subscriptionId, StreamEvent streamEvent)
    {
        var mismatch = new StreamEventTypeMismatchException(streamId, subscriptionId, streamEvent.ItemType, typeof(T));
        provider.Metrics.TypeMismatch(provider.Name);
        provider.Logger.TypeMismatch(mismatch, subscriptionId);
        return mismatch;
    }

    private StreamDeliveryOutcome Failed(Exception exception, StreamId streamId, Guid subscriptionId, StreamEvent streamEvent, int processed)
    {
        provider.Logger.ObserverFailed(exception, subscriptionId, streamId, streamEvent.Token);
        return new StreamDeliveryOutcome(StreamDeliveryStatus.ObserverFailed, processed, $"{exception.GetType().Name}: {exception.Message}");
    }
}
