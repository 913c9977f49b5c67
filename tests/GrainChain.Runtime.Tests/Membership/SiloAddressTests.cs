using System.Net;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class SiloAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:11111@123456")]
    [InlineData("10.1.2.3:1@0")]
    [InlineData("[::1]:30000@638000000000000000")]
    [InlineData("[fe80::1]:65535@9223372036854775807")]
    public void The_text_form_round_trips(string text)
    {
        var address = SiloAddress.Parse(text);

        Assert.Equal(text, address.ToString());
        Assert.Equal(address, SiloAddress.Parse(address.ToString()));
    }

    [Fact]
    public void Parsing_gives_the_endpoint_and_generation()
    {
        var address = SiloAddress.Parse("127.0.0.1:11111@123456");

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 11111), address.Endpoint);
        Assert.Equal(123456, address.Generation);
    }

    [Fact]
    public void Equality_covers_address_port_and_generation()
    {
        var address = SiloAddress.Parse("127.0.0.1:11111@5");

        Assert.Equal(address, new SiloAddress(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 11111), 5));
        Assert.Equal(address.GetHashCode(), SiloAddress.Parse("127.0.0.1:11111@5").GetHashCode());
        Assert.NotEqual(address, SiloAddress.Parse("127.0.0.2:11111@5"));
        Assert.NotEqual(address, SiloAddress.Parse("127.0.0.1:11112@5"));
        Assert.NotEqual(address, SiloAddress.Parse("127.0.0.1:11111@6"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:11111")]
    [InlineData("127.0.0.1@5")]
    [InlineData("127.0.0.1:0@5")]
    [InlineData("127.0.0.1:11111@")]
    [InlineData("127.0.0.1:11111@-5")]
    [InlineData("127.0.0.1:11111@ 5")]
    [InlineData("127.0.0.1:99999@5")]
    [InlineData("host.example:11111@5")]
    [InlineData("127.0.0.1:11111@99999999999999999999")]
    [InlineData("@5")]
    public void Anything_else_is_refused(string text)
    {
        Assert.False(SiloAddress.TryParse(text, out _));
        var failure = Assert.Throws<FormatException>(() => SiloAddress.Parse(text));
        Assert.Contains("silo address", failure.Message);
    }

    [Fact]
    public void Overlong_text_is_refused_without_parsing_it()
    {
        var text = new string('1', 10_000) + ":1@1";

        Assert.False(SiloAddress.TryParse(text, out _));
        Assert.True(SiloAddress.Parse("127.0.0.1:1@1").ToString().Length <= SiloAddress.MaxTextLength);
    }
}
