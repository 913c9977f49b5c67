using System.Collections.Immutable;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class DeepCopyTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    [Fact]
    public void Copy_of_a_mutable_object_graph_is_independent()
    {
        var original = new MutableAccount
        {
            Name = "acct",
            History = [1, 2],
            Balances = new() { ["x"] = 1 },
            Last = new Transfer("a", "b", 1, [7, 7]),
            Scores = [5],
        };

        var copy = _serializer.DeepCopy(original);
        Assert.NotSame(original, copy);
        copy.Name = "changed";
        copy.History.Add(3);
        copy.Balances["x"] = 99;
        copy.Last!.Hash[0] = 0;
        copy.Scores![0] = 0;

        Assert.Equal("acct", original.Name);
        Assert.Equal([1, 2], original.History);
        Assert.Equal(1, original.Balances["x"]);
        Assert.Equal(7, original.Last!.Hash[0]);
        Assert.Equal(5, original.Scores![0]);
    }

    [Fact]
    public void Copy_keeps_every_member_value()
    {
        var value = SampleValues.Everything();
        var copy = _serializer.DeepCopy(value);
        Assert.NotSame(value, copy);
        SampleValues.AssertSame(value, copy);
        Assert.NotSame(value.Bytes, copy.Bytes);
        Assert.NotSame(value.Map, copy.Map);
        Assert.NotSame(value.Map!["k"], copy.Map!["k"]);
    }

    [Fact]
    public void Immutable_values_are_not_copied()
    {
        var frozen = new Frozen("f", [1, 2]);
        Assert.Same(frozen, _serializer.DeepCopy(frozen));
        var text = "shared";
        Assert.Same(text, _serializer.DeepCopy(text));
        var list = ImmutableList.Create("a", "b");
        Assert.Same(list, _serializer.DeepCopy(list));
        var dict = ImmutableDictionary<string, Frozen>.Empty.Add("k", frozen);
        Assert.Same(dict, _serializer.DeepCopy(dict));
        var tuple = Tuple.Create(1, "x");
        Assert.Same(tuple, _serializer.DeepCopy(tuple));
        object boxed = "in an object";
        Assert.Same(boxed, _serializer.DeepCopy(boxed));
    }

    [Fact]
    public void Immutable_collections_of_mutable_elements_are_copied()
    {
        var inner = new List<int> { 1 };
        var list = ImmutableList.Create(inner);
        var copy = _serializer.DeepCopy(list);
        Assert.NotSame(list, copy);
        copy[0].Add(2);
        Assert.Single(inner);
    }

    [Fact]
    public void Copying_primitives_and_immutables_allocates_nothing()
    {
        var frozen = new Frozen("f", [1]);
        var text = "t";
        _serializer.DeepCopy(1);
        _serializer.DeepCopy(text);
        _serializer.DeepCopy(frozen);
        _serializer.DeepCopy(Guid.Empty);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            _serializer.DeepCopy(i);
            _serializer.DeepCopy(text);
            _serializer.DeepCopy(frozen);
            _serializer.DeepCopy(Guid.Empty);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Byte_buffers_are_copied()
    {
        ReadOnlyMemory<byte> rom = new byte[] { 1, 2 };
        var copy = _serializer.DeepCopy(rom);
        Assert.False(rom.Span.Overlaps(copy.Span));
        Assert.Equal(rom.ToArray(), copy.ToArray());
    }

    [Fact]
    public void A_cyclic_graph_fails_with_a_serialization_exception_instead_of_overflowing()
    {
        var node = new Node { Name = "loop" };
        node.Next = node;
        Assert.Throws<GrainSerializationException>(() => _serializer.DeepCopy(node));
        Assert.Throws<GrainSerializationException>(() => _serializer.ToBytes(node));
    }

    [Fact]
    public void Recursive_types_round_trip_and_copy()
    {
        var chain = new Node { Name = "a", Next = new Node { Name = "b", Next = new Node { Name = "c" } } };
        Assert.Equal("c", _serializer.RoundTrip(chain).Next!.Next!.Name);
        var copy = _serializer.DeepCopy(chain);
        copy.Next!.Name = "changed";
        Assert.Equal("b", chain.Next!.Name);
    }
}

[GenerateSerializer]
public sealed class Node
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public Node? Next { get; set; }
}
