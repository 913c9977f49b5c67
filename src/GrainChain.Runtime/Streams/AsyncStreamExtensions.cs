namespace GrainChain.Runtime.Streams;

/// <summary>Delegate overloads of subscribing and resuming, and the key overloads of GetStream.</summary>
public static class AsyncStreamExtensions
{
    public static Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken?, Task> onNextAsync,
        Func<Exception, Task>? onErrorAsync = null,
        Func<Task>? onCompletedAsync = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return stream.SubscribeAsync(new DelegateAsyncObserver<T>(onNextAsync, onErrorAsync, onCompletedAsync));
    }

    public static Task<StreamSubscriptionHandle<T>> ResumeAsync<T>(
        this StreamSubscriptionHandle<T> handle,
        Func<T, StreamSequenceToken?, Task> onNextAsync,
        Func<Exception, Task>? onErrorAsync = null,
        Func<Task>? onCompletedAsync = null)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(onNextAsync);
        return handle.ResumeAsync(new DelegateAsyncObserver<T>(onNextAsync, onErrorAsync, onCompletedAsync));
    }

    public static IAsyncStream<T> GetStream<T>(this IStreamProvider provider, string streamNamespace, string key) =>
        provider.GetStream<T>(StreamId.Create(streamNamespace, key));

    public static IAsyncStream<T> GetStream<T>(this IStreamProvider provider, string streamNamespace, Guid key) =>
        provider.GetStream<T>(StreamId.Create(streamNamespace, key));

    public static IAsyncStream<T> GetStream<T>(this IStreamProvider provider, string streamNamespace, long key) =>
        provider.GetStream<T>(StreamId.Create(streamNamespace, key));
}
