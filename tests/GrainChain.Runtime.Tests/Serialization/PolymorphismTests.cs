using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

[GenerateSerializer]
public abstract record Shape([property: Id(0)] string Label);

[GenerateSerializer]
[Alias("test.circle")]
public sealed record Circle(string Label, [property: Id(1)] double Radius) : Shape(Label);

[GenerateSerializer]
public record Square(string Label, [property: Id(1)] int Side) : Shape(Label);

[GenerateSerializer]
public sealed record ColouredSquare(string Label, int Side, [property: Id(2)] Colour Colour) : Square(Label, Side);

[GenerateSerializer]
public sealed class Drawing
{
    [Id(0)] public Shape? Main { get; set; }
    [Id(1)] public List<Shape> Shapes { get; set; } = [];
    [Id(2)] public object? Anything { get; set; }
    [Id(3)] public object?[] Bag { get; set; } = [];
    [Id(4)] public Square? SquareOrDerived { get; set; }
}

public sealed class PolymorphismTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    [Fact]
    public void Fields_typed_as_a_base_class_keep_the_runtime_type()
    {
        var drawing = new Drawing
        {
            Main = new Circle("sun", 2.5),
            Shapes = [new Square("box", 3), new Circle("dot", 0.1), new ColouredSquare("red", 1, Colour.Red)],
            SquareOrDerived = new ColouredSquare("blue", 2, Colour.Blue),
        };

        var copy = _serializer.RoundTrip(drawing);
        Assert.Equal(new Circle("sun", 2.5), copy.Main);
        Assert.Equal<Shape>([new Square("box", 3), new Circle("dot", 0.1), new ColouredSquare("red", 1, Colour.Red)], copy.Shapes);
        Assert.Equal(new ColouredSquare("blue", 2, Colour.Blue), copy.SquareOrDerived);
    }

    [Fact]
    public void Object_fields_carry_any_registered_type()
    {
        var drawing = new Drawing
        {
            Anything = new Dictionary<string, List<Guid>> { ["k"] = [Guid.Empty] },
            Bag = [1, "two", 3.0, null, Colour.Green, new Circle("c", 1), new int[] { 4, 5 }, (7L, "tuple"), new KeyValuePair<int, string>(1, "x")],
        };

        var copy = _serializer.RoundTrip(drawing);
        var map = Assert.IsType<Dictionary<string, List<Guid>>>(copy.Anything);
        Assert.Equal([Guid.Empty], map["k"]);
        Assert.Equal(1, copy.Bag[0]);
        Assert.Equal("two", copy.Bag[1]);
        Assert.Equal(3.0, copy.Bag[2]);
        Assert.Null(copy.Bag[3]);
        Assert.Equal(Colour.Green, copy.Bag[4]);
        Assert.Equal(new Circle("c", 1), copy.Bag[5]);
        Assert.Equal([4, 5], Assert.IsType<int[]>(copy.Bag[6]));
        Assert.Equal((7L, "tuple"), copy.Bag[7]);
        Assert.Equal(new KeyValuePair<int, string>(1, "x"), copy.Bag[8]);
    }

    [Fact]
    public void Top_level_values_may_be_typed_as_object_or_a_base_class()
    {
        Assert.Equal(new Circle("x", 1), _serializer.RoundTrip<object>(new Circle("x", 1)));
        Assert.Equal(new Square("s", 1), _serializer.RoundTrip<Shape>(new Square("s", 1)));
        Assert.Equal(42, _serializer.RoundTrip<object>(42));
    }

    [Fact]
    public void Deep_copies_of_base_typed_fields_copy_the_runtime_type()
    {
        var holder = new Drawing { Anything = new List<int> { 1 }, Main = new Circle("c", 1) };
        var copy = _serializer.DeepCopy(holder);
        var list = Assert.IsType<List<int>>(copy.Anything);
        Assert.NotSame(holder.Anything, list);
        Assert.Equal(holder.Main, copy.Main);
        Assert.NotSame(holder.Main, copy.Main);
    }

    [Fact]
    public void An_unregistered_runtime_type_is_refused_when_writing()
    {
        var drawing = new Drawing { Anything = new Unregistered() };
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.ToBytes(drawing));
        Assert.Contains(nameof(Unregistered), error.Message);
    }

    [Fact]
    public void Data_naming_a_type_that_does_not_fit_the_field_is_refused()
    {
        // A Circle written where an object is expected, then read where a Square is expected.
        var bytes = _serializer.ToBytes<object>(new Circle("c", 1));
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<Square>(bytes));
        Assert.Contains("is not a", error.Message);
    }

    [Fact]
    public void Data_naming_an_unknown_type_is_refused_without_loading_it()
    {
        // Hand-build: object region, marker 1, alias "System.IO.FileInfo", payload.
        var alias = System.Text.Encoding.UTF8.GetBytes("System.IO.FileInfo");
        byte[] bytes = [(byte)(alias.Length + 4), 1, (byte)(alias.Length + 1), .. alias, 1];
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<object>(bytes));
        Assert.Contains("Unknown type alias", error.Message);
    }

    private sealed class Unregistered;
}
