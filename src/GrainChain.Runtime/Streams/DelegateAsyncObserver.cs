namespace GrainChain.Runtime.Streams;

/// <summary>An observer made of delegates, for the delegate overloads of SubscribeAsync and ResumeAsync.</summary>
internal sealed class DelegateAsyncObserver<T>(
    Func<T, StreamSequenceToken?, Task> onNext,
    Func<Exception, Task>? onError,
    Func<Task>? onCompleted) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null) => onNext(item, token);

    public Task OnCompletedAsync() => onCompleted?.Invoke() ?? Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => onError?.Invoke(ex) ?? Task.CompletedTask;
}
