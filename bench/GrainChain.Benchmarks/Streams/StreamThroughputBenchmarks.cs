using BenchmarkDotNet.Attributes;
using GrainChain.Runtime;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Storage;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Streams.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Benchmarks.Streams;

/// <summary>
/// Events per second from one producer to one implicitly subscribed consumer grain in one silo: each operation is
/// one event published and handed to the consumer's observer (the run ends when the consumer has counted them all).
/// The client publishes one event per OnNextAsync, or in batches of 100; a producer grain publishes from its turn.
/// </summary>
[MemoryDiagnoser]
public class StreamThroughputBenchmarks
{
    private const int Events = 20_000;
    private ServiceProvider _services = null!;
    private Silo _silo = null!;
    private StreamEventCounter _counter = null!;
    private IAsyncStream<long> _stream = null!;
    private IStreamBenchProducerGrain _producer = null!;
    private long[] _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddSingleton<StreamEventCounter>();
        services.AddGrainChainSilo(silo =>
        {
            silo.AddGrainAssembly(typeof(StreamThroughputBenchmarks).Assembly);
            silo.Services.AddMemoryGrainStorage("Default");
            silo.AddMemoryStreams(StreamBenchConsumerGrain.Provider);
        });
        _services = services.BuildServiceProvider();
        _silo = _services.GetRequiredService<Silo>();
        _silo.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _counter = _services.GetRequiredService<StreamEventCounter>();
        var client = _services.GetRequiredService<IClusterClient>();
        _stream = client.GetStreamProvider(StreamBenchConsumerGrain.Provider).GetStream<long>(StreamBenchConsumerGrain.Namespace, "consumer");
        _producer = client.GetGrain<IStreamBenchProducerGrain>("producer");
        _batch = new long[100];

        // Warm up: the consumer is activated and the producing agent has loaded its subscriptions.
        var warm = _counter.Expect(1);
        _stream.OnNextAsync(0).GetAwaiter().GetResult();
        warm.GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _silo.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _services.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task ClientPublishesOneByOne()
    {
        var done = _counter.Expect(Events);
        for (long i = 0; i < Events; i++)
        {
            await _stream.OnNextAsync(i).ConfigureAwait(false);
        }
        await done.ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task ClientPublishesBatchesOf100()
    {
        var done = _counter.Expect(Events);
        for (int i = 0; i < Events; i += _batch.Length)
        {
            await _stream.OnNextBatchAsync(_batch).ConfigureAwait(false);
        }
        await done.ConfigureAwait(false);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task GrainPublishesOneByOne()
    {
        var done = _counter.Expect(Events);
        await _producer.PublishAsync(Events).ConfigureAwait(false);
        await done.ConfigureAwait(false);
    }
}

/// <summary>Counts events the consumer grain received and completes a task when the expected number is reached.</summary>
public sealed class StreamEventCounter
{
    private long _remaining;
    private TaskCompletionSource? _done;

    public Task Expect(long count)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _done, done);
        Volatile.Write(ref _remaining, count);
        return done.Task;
    }

    public void Received()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            Volatile.Read(ref _done)?.TrySetResult();
        }
    }
}

public interface IStreamBenchConsumerGrain : IGrainWithStringKey
{
    Task PingAsync();
}

/// <summary>The implicit consumer: attaches a counting observer when activated.</summary>
[ImplicitStreamSubscription(Namespace)]
public sealed class StreamBenchConsumerGrain(StreamEventCounter counter) : Grain, IStreamBenchConsumerGrain, IAsyncObserver<long>
{
    public const string Provider = "bench";
    public const string Namespace = "bench-events";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(Provider).GetStream<long>(Namespace, this.GetPrimaryKeyString());
        await stream.SubscribeAsync(this);
    }

    public Task PingAsync() => Task.CompletedTask;

    public Task OnNextAsync(long item, StreamSequenceToken? token = null)
    {
        counter.Received();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

public interface IStreamBenchProducerGrain : IGrainWithStringKey
{
    Task PublishAsync(int count);
}

/// <summary>Publishes to the consumer's stream from inside its own turn.</summary>
public sealed class StreamBenchProducerGrain : Grain, IStreamBenchProducerGrain
{
    public async Task PublishAsync(int count)
    {
        var stream = this.GetStreamProvider(StreamBenchConsumerGrain.Provider).GetStream<long>(StreamBenchConsumerGrain.Namespace, "consumer");
        for (long i = 0; i < count; i++)
        {
            await stream.OnNextAsync(i);
        }
    }
}
