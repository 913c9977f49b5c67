using System.Collections.Immutable;

namespace GrainChain.Runtime.Tests.Serialization;

/// <summary>A fully populated <see cref="Everything"/> and a member-by-member comparison.</summary>
internal static class SampleValues
{
    public static Everything Everything() => new()
    {
        Flag = true,
        U8 = 250,
        I8 = -100,
        I16 = -30000,
        U16 = 60000,
        I32 = int.MinValue,
        U32 = uint.MaxValue,
        I64 = long.MinValue,
        U64 = ulong.MaxValue,
        F32 = float.NaN,
        F64 = -0.0,
        Money = -79228162514264337593543950335m,
        Letter = '€',
        Text = "text",
        Bytes = [1, 2, 3],
        Rom = new byte[] { 4, 5 },
        Mem = new byte[] { 6 },
        Id = Guid.NewGuid(),
        When = new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc),
        WhenOffset = new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.FromHours(-5)),
        Span = TimeSpan.FromTicks(-123456789),
        Colour = Colour.Green,
        MaybeInt = 5,
        MaybeGuid = null,
        Names = ["x", null!, "z"],
        Points = [new Point(1, 2), new Point(-1, -2)],
        Map = new() { ["k"] = [1, 2] },
        Set = [1, 2, 3],
        ImmArray = ["i", "j"],
        ImmList = [9],
        ImmDict = ImmutableDictionary<int, string>.Empty.Add(1, "one"),
        ImmSet = ["s"],
        Pair = new("p", 1),
        Tuple2 = (1, "a"),
        Tuple3 = (1, "a", true),
        Tuple4 = (1, "a", true, 2.5),
        RefTuple = Tuple.Create(3, "b"),
        Signed = Signed.Low,
        RefTuple3 = Tuple.Create(3, "b", Guid.Empty),
        RefTuple4 = Tuple.Create(3, "b", Guid.Empty, 9L),
    };

    public static void AssertSame(Everything expected, Everything actual)
    {
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.U8, actual.U8);
        Assert.Equal(expected.I8, actual.I8);
        Assert.Equal(expected.I16, actual.I16);
        Assert.Equal(expected.U16, actual.U16);
        Assert.Equal(expected.I32, actual.I32);
        Assert.Equal(expected.U32, actual.U32);
        Assert.Equal(expected.I64, actual.I64);
        Assert.Equal(expected.U64, actual.U64);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected.F32), BitConverter.SingleToInt32Bits(actual.F32));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.F64), BitConverter.DoubleToInt64Bits(actual.F64));
        Assert.Equal(expected.Money, actual.Money);
        Assert.Equal(expected.Letter, actual.Letter);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Bytes, actual.Bytes);
        Assert.Equal(expected.Rom.ToArray(), actual.Rom.ToArray());
        Assert.Equal(expected.Mem.ToArray(), actual.Mem.ToArray());
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.When, actual.When);
        Assert.Equal(expected.When.Kind, actual.When.Kind);
        Assert.Equal(expected.WhenOffset, actual.WhenOffset);
        Assert.Equal(expected.WhenOffset.Offset, actual.WhenOffset.Offset);
        Assert.Equal(expected.Span, actual.Span);
        Assert.Equal(expected.Colour, actual.Colour);
        Assert.Equal(expected.MaybeInt, actual.MaybeInt);
        Assert.Equal(expected.MaybeGuid, actual.MaybeGuid);
        Assert.Equal(expected.Names, actual.Names);
        Assert.Equal(expected.Points, actual.Points);
        Assert.Equal(expected.Map!["k"], actual.Map!["k"]);
        Assert.True(expected.Set!.SetEquals(actual.Set!));
        Assert.Equal(expected.ImmArray.AsEnumerable(), actual.ImmArray.AsEnumerable());
        Assert.Equal(expected.ImmList, actual.ImmList);
        Assert.Equal(expected.ImmDict, actual.ImmDict);
        Assert.True(expected.ImmSet!.SetEquals(actual.ImmSet!));
        Assert.Equal(expected.Pair, actual.Pair);
        Assert.Equal(expected.Tuple2, actual.Tuple2);
        Assert.Equal(expected.Tuple3, actual.Tuple3);
        Assert.Equal(expected.Tuple4, actual.Tuple4);
        Assert.Equal(expected.RefTuple, actual.RefTuple);
        Assert.Equal(expected.Signed, actual.Signed);
        Assert.Equal(expected.RefTuple3, actual.RefTuple3);
        Assert.Equal(expected.RefTuple4, actual.RefTuple4);
    }
}
