namespace GrainChain.Runtime.Streams;

/// <summary>Receives the events of a stream subscription, one at a time, inside the subscriber's turn.</summary>
public interface IAsyncObserver<in T>
{
    /// <summary>The next event. Delivery is at-least-once: use <paramref name="token"/> to recognise repeats.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    Task OnCompletedAsync();

    /// <summary>An event could not be handed to this observer (for example it was of another type).</summary>
    Task OnErrorAsync(Exception ex);
}
