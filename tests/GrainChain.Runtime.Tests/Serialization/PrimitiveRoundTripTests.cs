using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class PrimitiveRoundTripTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    private void Holds<T>(Func<T, T, bool>? equal = null)
    {
        equal ??= EqualityComparer<T>.Default.Equals;
        Prop.ForAll(ArbMap.Default.ArbFor<T>(), (T value) => equal(_serializer.RoundTrip(value), value))
            .QuickCheckThrowOnFailure();
    }

    [Fact] public void Booleans() => Holds<bool>();
    [Fact] public void Bytes() => Holds<byte>();
    [Fact] public void SignedBytes() => Holds<sbyte>();
    [Fact] public void Shorts() => Holds<short>();
    [Fact] public void UnsignedShorts() => Holds<ushort>();
    [Fact] public void Ints() => Holds<int>();
    [Fact] public void UnsignedInts() => Holds<uint>();
    [Fact] public void Longs() => Holds<long>();
    [Fact] public void UnsignedLongs() => Holds<ulong>();
    [Fact] public void Chars() => Holds<char>();
    [Fact] public void Decimals() => Holds<decimal>();
    [Fact] public void Guids() => Holds<Guid>();
    [Fact] public void TimeSpans() => Holds<TimeSpan>();
    [Fact] public void DateTimes() => Holds<DateTime>((a, b) => a == b && a.Kind == b.Kind);
    [Fact] public void DateTimeOffsets() => Holds<DateTimeOffset>((a, b) => a == b && a.Offset == b.Offset);
    [Fact] public void Strings() => Holds<string?>();
    [Fact] public void Floats() => Holds<float>((a, b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b));
    [Fact] public void Doubles() => Holds<double>((a, b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b));
    [Fact] public void ByteArrays() => Holds<byte[]?>((a, b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b));
    [Fact] public void NullableInts() => Holds<int?>();
    [Fact] public void Enums() => Holds<Colour>();
    [Fact] public void LongEnums() => Holds<Signed>();

    [Fact]
    public void Extreme_integers_survive()
    {
        foreach (var value in new[] { long.MinValue, long.MaxValue, 0, -1, 1, int.MinValue, int.MaxValue })
        {
            Assert.Equal(value, _serializer.RoundTrip(value));
        }

        Assert.Equal(ulong.MaxValue, _serializer.RoundTrip(ulong.MaxValue));
        Assert.Equal(int.MinValue, _serializer.RoundTrip(int.MinValue));
    }

    [Fact]
    public void Small_integers_take_one_byte_whatever_their_width()
    {
        Assert.Single(_serializer.ToBytes(5L));
        Assert.Single(_serializer.ToBytes(-3));
        Assert.Single(_serializer.ToBytes((ushort)100));
    }

    [Fact]
    public void Strings_are_utf8_and_keep_unpaired_text_intact()
    {
        var text = "grüße, 世界 🚀";
        Assert.Equal(text, _serializer.RoundTrip(text));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text) + 1, _serializer.ToBytes(text).Length);
        Assert.Equal(string.Empty, _serializer.RoundTrip(string.Empty));
        Assert.Null(_serializer.RoundTrip<string?>(null));
    }

    [Fact]
    public void Memory_of_bytes_round_trips()
    {
        ReadOnlyMemory<byte> rom = new byte[] { 1, 2, 3 };
        Assert.Equal([1, 2, 3], _serializer.RoundTrip(rom).ToArray());
        Memory<byte> mem = new byte[] { 4, 5 };
        Assert.Equal([4, 5], _serializer.RoundTrip(mem).ToArray());
    }

    [Fact]
    public void Long_strings_need_a_multi_byte_length_and_still_round_trip()
    {
        var text = new string('x', 100_000);
        Assert.Equal(text, _serializer.RoundTrip(text));
    }
}
