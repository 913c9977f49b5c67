using System.Diagnostics;
using Orleans;
using Orleans.Runtime;

namespace GrainChain.Benchmarks.Storage;

/// <summary>A grain that writes or reads its persistent state in a loop, for the storage load program.</summary>
public interface IStorageLoadGrain : IGrainWithIntegerKey
{
    /// <summary>Writes its state, one write at a time, until <paramref name="untilUtc"/>; returns the writes' latencies.</summary>
    Task<LatencyHistogram> WriteUntil(DateTime untilUtc);

    /// <summary>Reads its state from storage until <paramref name="untilUtc"/>, checking each read returns the last
    /// write; returns the reads' latencies.</summary>
    Task<LatencyHistogram> ReadUntil(DateTime untilUtc);
}

/// <summary>The state under load: a write counter and a payload the size of a small ledger record.</summary>
[GenerateSerializer]
public sealed class StorageLoadState
{
    [Id(0)] public long Writes { get; set; }

    [Id(1)] public byte[] Payload { get; set; } = new byte[200];
}

/// <summary>Implements <see cref="IStorageLoadGrain"/> on the storage named <see cref="StorageLoad.StorageName"/>.</summary>
public sealed class StorageLoadGrain(
    [PersistentState("load", StorageLoad.StorageName)] IPersistentState<StorageLoadState> state)
    : Grain, IStorageLoadGrain
{
    public async Task<LatencyHistogram> WriteUntil(DateTime untilUtc)
    {
        var latencies = new LatencyHistogram();
        while (DateTime.UtcNow < untilUtc)
        {
            state.State.Writes++;
            state.State.Payload[0] = (byte)state.State.Writes;
            var start = Stopwatch.GetTimestamp();
            await state.WriteStateAsync();
            latencies.RecordSince(start);
        }

        return latencies;
    }

    public async Task<LatencyHistogram> ReadUntil(DateTime untilUtc)
    {
        var expected = state.State.Writes;
        var latencies = new LatencyHistogram();
        while (DateTime.UtcNow < untilUtc)
        {
            var start = Stopwatch.GetTimestamp();
            await state.ReadStateAsync();
            latencies.RecordSince(start);
            if (state.State.Writes != expected)
                throw new InvalidOperationException($"{this.GetGrainId()} read write #{state.State.Writes}, expected #{expected}");
        }

        return latencies;
    }
}
