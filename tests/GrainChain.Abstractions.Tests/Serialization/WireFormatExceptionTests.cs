using GrainChain.Abstractions.Serialization;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>The wire error itself crosses the wire intact, so a refused caller learns what was malformed.</summary>
public sealed class WireFormatExceptionTests
{
    [Fact]
    public void The_message_names_the_type_and_the_field()
    {
        var error = new WireFormatException("Amount", "amount", "amount -1 is outside the range");
        Assert.Equal("malformed Amount on the wire: cannot decode amount: amount -1 is outside the range", error.Message);
    }

    [Fact]
    public void A_refusal_round_trips_with_its_type_field_and_message()
    {
        var error = Assert.Throws<WireFormatException>(() =>
            new BlockConverter().ConvertFromSurrogate(new BlockSurrogate(new byte[10])));

        var copy = Wire.RoundTrip(error);

        Assert.Equal("Block", copy.TypeName);
        Assert.Equal("header.previousHash", copy.Field);
        Assert.Equal(error.Message, copy.Message);
        Assert.Null(copy.InnerException);
    }
}
