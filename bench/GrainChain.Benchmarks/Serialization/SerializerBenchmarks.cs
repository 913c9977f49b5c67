using System.Buffers;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Benchmarks.Serialization;

/// <summary>
/// The grain serializer on a typical small message (a few fields, a string, a 32-byte hash) and on deep copies,
/// with System.Text.Json (source-generated metadata) as the reference in the same run.
/// </summary>
[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private readonly BinaryGrainSerializer _serializer = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private Utf8JsonWriter _jsonWriter = null!;
    private SmallMessage _message = null!;
    private MutableLedgerState _mutable = null!;
    private FrozenHeader _immutable = null!;

    [GlobalSetup]
    public void Setup()
    {
        var hash = new byte[32];
        new Random(1).NextBytes(hash);
        _message = new SmallMessage("alice-wallet-0001", 1_250_000, 42, true, hash);
        _mutable = new MutableLedgerState
        {
            Owner = "node-7",
            Heights = [.. Enumerable.Range(0, 16)],
            Balances = Enumerable.Range(0, 8).ToDictionary(i => $"acct-{i}", i => (long)i * 1000),
            Tip = _message,
        };
        _immutable = new FrozenHeader("block", 1000, [.. hash]);
        _jsonWriter = new Utf8JsonWriter(_buffer);
        Console.WriteLine($"// SmallMessage: binary {_serializer.SerializeToArray(_message).Length} bytes, " +
            $"JSON {JsonSerializer.SerializeToUtf8Bytes(_message, BenchmarkJsonContext.Default.SmallMessage).Length} bytes");
    }

    [Benchmark(Baseline = true)]
    public SmallMessage Binary_serialize_and_deserialize()
    {
        _buffer.ResetWrittenCount();
        _serializer.Serialize(_message, _buffer);
        return _serializer.Deserialize<SmallMessage>(new ReadOnlySequence<byte>(_buffer.WrittenMemory));
    }

    [Benchmark]
    public SmallMessage Json_serialize_and_deserialize()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        JsonSerializer.Serialize(_jsonWriter, _message, BenchmarkJsonContext.Default.SmallMessage);
        return JsonSerializer.Deserialize(_buffer.WrittenSpan, BenchmarkJsonContext.Default.SmallMessage)!;
    }

    [Benchmark]
    public MutableLedgerState DeepCopy_mutable() => _serializer.DeepCopy(_mutable);

    [Benchmark]
    public MutableLedgerState Json_copy_mutable()
    {
        _buffer.ResetWrittenCount();
        _jsonWriter.Reset(_buffer);
        JsonSerializer.Serialize(_jsonWriter, _mutable, BenchmarkJsonContext.Default.MutableLedgerState);
        return JsonSerializer.Deserialize(_buffer.WrittenSpan, BenchmarkJsonContext.Default.MutableLedgerState)!;
    }

    [Benchmark]
    public FrozenHeader DeepCopy_immutable() => _serializer.DeepCopy(_immutable);

    [Benchmark]
    public long DeepCopy_primitive() => _serializer.DeepCopy(12345L);
}

[GenerateSerializer]
public sealed record SmallMessage(
    [property: Id(0)] string Sender,
    [property: Id(1)] long Amount,
    [property: Id(2)] int Nonce,
    [property: Id(3)] bool Final,
    [property: Id(4)] byte[] Hash);

[GenerateSerializer]
public sealed class MutableLedgerState
{
    [Id(0)] public string Owner { get; set; } = "";
    [Id(1)] public List<int> Heights { get; set; } = [];
    [Id(2)] public Dictionary<string, long> Balances { get; set; } = [];
    [Id(3)] public SmallMessage? Tip { get; set; }
}

[GenerateSerializer]
[Immutable]
public sealed record FrozenHeader([property: Id(0)] string Kind, [property: Id(1)] long Height, [property: Id(2)] ImmutableArray<byte> Hash);

[JsonSerializable(typeof(SmallMessage))]
[JsonSerializable(typeof(MutableLedgerState))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
