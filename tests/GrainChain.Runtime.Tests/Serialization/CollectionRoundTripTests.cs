using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class CollectionRoundTripTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    [Fact]
    public void Arrays_of_any_length_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int[]>(), values => _serializer.RoundTrip(values).SequenceEqual(values)).QuickCheckThrowOnFailure();

    [Fact]
    public void Lists_of_strings_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<List<string?>>(), values => _serializer.RoundTrip(values).SequenceEqual(values)).QuickCheckThrowOnFailure();

    [Fact]
    public void Dictionaries_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<Dictionary<int, string?>>(), map =>
        {
            var copy = _serializer.RoundTrip(map);
            return copy.Count == map.Count && map.All(p => copy.TryGetValue(p.Key, out var v) && v == p.Value);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Hash_sets_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<long[]>(), values =>
        {
            var set = values.ToHashSet();
            return _serializer.RoundTrip(set).SetEquals(set);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Immutable_collections_round_trip()
    {
        var array = ImmutableArray.Create("a", "b", null);
        Assert.Equal(array.AsEnumerable(), _serializer.RoundTrip(array).AsEnumerable());
        Assert.True(_serializer.RoundTrip(default(ImmutableArray<int>)).IsDefault);
        Assert.Empty(_serializer.RoundTrip(ImmutableArray<int>.Empty));

        var list = ImmutableList.Create(1, 2, 3);
        Assert.Equal(list, _serializer.RoundTrip(list));

        var dict = ImmutableDictionary<string, int>.Empty.Add("x", 1).Add("y", 2);
        Assert.Equal(dict.OrderBy(p => p.Key), _serializer.RoundTrip(dict).OrderBy(p => p.Key));

        var set = ImmutableHashSet.Create(5, 6, 7);
        Assert.True(_serializer.RoundTrip(set).SetEquals(set));
    }

    [Fact]
    public void Pairs_and_tuples_round_trip()
    {
        Assert.Equal(new KeyValuePair<string, int>("k", 4), _serializer.RoundTrip(new KeyValuePair<string, int>("k", 4)));
        Assert.Equal((1, "two"), _serializer.RoundTrip((1, "two")));
        Assert.Equal((1, "two", 3.0), _serializer.RoundTrip((1, "two", 3.0)));
        Assert.Equal((1, "two", 3.0, 'c'), _serializer.RoundTrip((1, "two", 3.0, 'c')));
        Assert.Equal(Tuple.Create(1, "x"), _serializer.RoundTrip(Tuple.Create(1, "x")));
        Assert.Equal(Tuple.Create(1, "x", 2L), _serializer.RoundTrip(Tuple.Create(1, "x", 2L)));
        Assert.Equal(Tuple.Create(1, "x", 2L, true), _serializer.RoundTrip(Tuple.Create(1, "x", 2L, true)));
    }

    [Fact]
    public void Nested_collections_round_trip()
    {
        var nested = new Dictionary<string, List<int[]>>
        {
            ["a"] = [[1, 2], [], [3]],
            ["b"] = [],
        };

        var copy = _serializer.RoundTrip(nested);
        Assert.Equal(2, copy.Count);
        Assert.Equal(3, copy["a"].Count);
        Assert.Equal([1, 2], copy["a"][0]);
        Assert.Empty(copy["b"]);
    }

    [Fact]
    public void Null_collections_stay_null()
    {
        Assert.Null(_serializer.RoundTrip<List<int>?>(null));
        Assert.Null(_serializer.RoundTrip<int[]?>(null));
        Assert.Null(_serializer.RoundTrip<Dictionary<int, int>?>(null));
        Assert.Null(_serializer.RoundTrip<ImmutableList<int>?>(null));
    }
}
