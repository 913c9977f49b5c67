using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>Untrusted bytes: whatever arrives, the only failure is <see cref="GrainSerializationException"/>, raised before large allocations.</summary>
public sealed class MalformedInputTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    private bool FailsCleanlyOrSucceeds<T>(byte[] bytes)
    {
        try
        {
            _serializer.FromBytes<T>(bytes);
            return true;
        }
        catch (GrainSerializationException)
        {
            return true;
        }
    }

    [Fact]
    public void Random_bytes_never_throw_anything_else() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            FailsCleanlyOrSucceeds<Everything>(bytes)
            && FailsCleanlyOrSucceeds<Drawing>(bytes)
            && FailsCleanlyOrSucceeds<object>(bytes)
            && FailsCleanlyOrSucceeds<List<string>>(bytes)
            && FailsCleanlyOrSucceeds<Dictionary<int, Transfer>>(bytes)
            && FailsCleanlyOrSucceeds<Exception>(bytes)
            && FailsCleanlyOrSucceeds<DateTimeOffset>(bytes)
            && FailsCleanlyOrSucceeds<decimal>(bytes))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Every_truncation_of_a_valid_encoding_is_refused()
    {
        var bytes = _serializer.ToBytes(SampleValues.Everything());
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<Everything>(bytes[..length]));
        }
    }

    [Fact]
    public void Corrupting_any_byte_of_a_valid_encoding_fails_cleanly_or_decodes()
    {
        var valid = _serializer.ToBytes(new Drawing
        {
            Main = new Circle("c", 1),
            Shapes = [new Square("s", 2)],
            Anything = new Dictionary<string, int[]> { ["k"] = [1, 2] },
            Bag = ["x", 5, new InvalidOperationException("boom")],
        });

        Prop.ForAll(Gen.Choose(0, valid.Length - 1).ToArbitrary(), ArbMap.Default.ArbFor<byte>(), (position, value) =>
        {
            var corrupt = (byte[])valid.Clone();
            corrupt[position] = value;
            return FailsCleanlyOrSucceeds<Drawing>(corrupt);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Trailing_bytes_are_refused()
    {
        var bytes = _serializer.ToBytes(new Point(1, 2));
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<Point>([.. bytes, 0]));
        Assert.Contains("unexpected bytes", error.Message);
    }

    [Fact]
    public void A_declared_two_billion_element_array_is_refused_before_allocating()
    {
        // Region of 6 bytes holding the count 2^31 as a varint.
        byte[] bytes = [7, 0x80, 0x80, 0x80, 0x80, 0x08, 0];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<long[]>(bytes));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Contains("Int64[]", error.Message);
    }

    [Fact]
    public void A_count_larger_than_the_remaining_bytes_is_refused()
    {
        // Count 1000 but only one byte of elements.
        byte[] bytes = [4, 0xE8, 0x07, 1];
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<List<int>>(bytes));
        Assert.Contains("only 1 bytes remain", error.Message);
    }

    [Fact]
    public void A_string_claiming_a_gigabyte_is_refused()
    {
        byte[] bytes = [0x81, 0x80, 0x80, 0x80, 0x04, (byte)'a'];
        Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<string>(bytes));
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        byte[] bytes = [3, 0xC3, 0x28];
        Assert.Contains("UTF-8", Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<string>(bytes)).Message);
    }

    [Fact]
    public void Configured_limits_are_enforced_when_reading()
    {
        var strict = new BinaryGrainSerializer(new SerializerOptions { MaxCollectionLength = 10, MaxByteLength = 5, MaxDepth = 8 });
        Assert.Equal(10, strict.RoundTrip(Enumerable.Range(0, 10).ToList()).Count);
        Assert.Contains("limit is 10", Assert.Throws<GrainSerializationException>(() => strict.FromBytes<List<int>>(_serializer.ToBytes(Enumerable.Range(0, 11).ToList()))).Message);
        Assert.Equal("12345", strict.RoundTrip("12345"));
        Assert.Throws<GrainSerializationException>(() => strict.FromBytes<string>(_serializer.ToBytes("123456")));
        Assert.Throws<GrainSerializationException>(() => strict.FromBytes<byte[]>(_serializer.ToBytes(new byte[6])));

        var deep = new Node { Name = "0" };
        for (var i = 1; i < 20; i++)
        {
            deep = new Node { Name = i.ToString(), Next = deep };
        }

        Assert.Contains("depth", Assert.Throws<GrainSerializationException>(() => strict.FromBytes<Node>(_serializer.ToBytes(deep))).Message);
    }

    [Fact]
    public void Errors_inside_generated_types_name_the_type_and_field()
    {
        var bytes = _serializer.ToBytes(new Transfer("a", "b", 1, new byte[10]));
        var strict = new BinaryGrainSerializer(new SerializerOptions { MaxByteLength = 5 });
        var error = Assert.Throws<GrainSerializationException>(() => strict.FromBytes<Transfer>(bytes));
        Assert.Contains("Transfer.Hash", error.Message);
    }

    [Fact]
    public void Out_of_range_integers_and_booleans_are_refused()
    {
        Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<byte>(_serializer.ToBytes(300)));
        Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<bool>([2]));
        Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<Colour>(_serializer.ToBytes(300L)));
        Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<ulong>([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]));
    }

    [Fact]
    public void Repeated_keys_are_refused()
    {
        // Dictionary<int,int> with two entries both keyed 1.
        byte[] bytes = [6, 2, 2, 10, 2, 12];
        Assert.Contains("repeated key", Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<Dictionary<int, int>>(bytes)).Message);
    }

    [Fact]
    public void Data_cannot_make_the_serializer_build_types_without_bound()
    {
        var serializer = new BinaryGrainSerializer();
        string[] closed = ["bool", "u8", "i8", "i16", "u16", "i32", "u32", "i64", "u64", "char", "f32", "f64", "decimal", "string", "guid", "timespan", "datetime"];
        var messages = new List<string>();
        foreach (var generic in new[] { "vtuple2", "tuple2", "kvp", "dict" })
        {
            foreach (var first in closed)
            {
                foreach (var second in closed)
                {
                    var typeId = new List<byte>();
                    foreach (var alias in new[] { generic, first, second })
                    {
                        typeId.Add((byte)(alias.Length + 1));
                        typeId.AddRange(System.Text.Encoding.UTF8.GetBytes(alias));
                    }

                    byte[] bytes = [(byte)(typeId.Count + 2), 1, .. typeId];
                    messages.Add(Assert.Throws<GrainSerializationException>(() => serializer.FromBytes<object>(bytes)).Message);
                }
            }
        }

        Assert.Contains(messages, m => m.Contains("distinct generic or array types"));
    }
}
