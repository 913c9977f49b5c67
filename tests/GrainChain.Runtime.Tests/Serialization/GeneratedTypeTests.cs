using System.Collections.Immutable;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class GeneratedTypeTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    [Fact]
    public void Positional_record_round_trips()
    {
        var transfer = new Transfer("alice", "bob", 42, [1, 2, 3]);
        var copy = _serializer.RoundTrip(transfer);
        Assert.Equal(("alice", "bob", 42L), (copy.From, copy.To, copy.Amount));
        Assert.Equal(transfer.Hash, copy.Hash);
    }

    [Fact]
    public void Ids_on_constructor_parameters_are_honoured()
    {
        Assert.Equal(new ParameterIds(7, "x"), _serializer.RoundTrip(new ParameterIds(7, "x")));
        Assert.Equal(new ParameterIds(-7, null), _serializer.RoundTrip(new ParameterIds(-7, null)));
    }

    [Fact]
    public void Mutable_class_with_fields_and_collections_round_trips()
    {
        var account = new MutableAccount
        {
            Name = "acct",
            History = [1, -2, 3],
            Balances = new() { ["x"] = 10, ["y"] = -5 },
            Last = new Transfer("a", "b", 1, []),
            Colour = Colour.Blue,
            Scores = [9, 8],
        };

        var copy = _serializer.RoundTrip(account);
        Assert.Equal("acct", copy.Name);
        Assert.Equal([1, -2, 3], copy.History);
        Assert.Equal(-5, copy.Balances["y"]);
        Assert.Equal("b", copy.Last!.To);
        Assert.Equal(Colour.Blue, copy.Colour);
        Assert.Equal([9, 8], copy.Scores!);
    }

    [Fact]
    public void Init_only_and_required_members_round_trip()
    {
        var value = new InitOnly { Name = "n", Count = 3, Key = Guid.NewGuid() };
        var copy = _serializer.RoundTrip(value);
        Assert.Equal((value.Name, value.Count, value.Key), (copy.Name, copy.Count, copy.Key));
    }

    [Fact]
    public void Structs_round_trip()
    {
        Assert.Equal(new Point(-3, 4), _serializer.RoundTrip(new Point(-3, 4)));
        var copy = _serializer.RoundTrip(new MutablePoint { X = 1.5, Y = -2 });
        Assert.Equal((1.5, -2.0), (copy.X, copy.Y));
        Assert.Equal(new Point?(new Point(1, 2)), _serializer.RoundTrip<Point?>(new Point(1, 2)));
        Assert.Null(_serializer.RoundTrip<Point?>(null));
    }

    [Fact]
    public void Null_instances_round_trip() => Assert.Null(_serializer.RoundTrip<Transfer?>(null));

    [Fact]
    public void Every_supported_member_type_round_trips()
    {
        var value = SampleValues.Everything();
        var copy = _serializer.RoundTrip(value);
        SampleValues.AssertSame(value, copy);
    }

    [Fact]
    public void A_small_record_is_compact()
    {
        // Tag + length + payload per field: the 32-byte hash dominates.
        var bytes = _serializer.ToBytes(new Transfer("alice", "bob", 42, new byte[32]));
        Assert.True(bytes.Length < 60, $"{bytes.Length} bytes");
    }

    [Fact]
    public void Records_in_collections_round_trip()
    {
        var list = new List<Transfer> { new("a", "b", 1, [1]), new("c", "d", 2, [2]) };
        var copy = _serializer.RoundTrip(list);
        Assert.Equal(["a", "c"], copy.Select(t => t.From));
        var frozen = ImmutableList.Create(new Frozen("f", [1, 2]));
        Assert.Equal([1, 2], _serializer.RoundTrip(frozen)[0].Values.AsEnumerable());
    }
}
