using System.Net;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Serialization;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

public sealed class SiloAddressCodecTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    public static TheoryData<string> Addresses =>
    [
        "127.0.0.1:11111@0",
        "10.1.2.3:65535@638700000000000000",
        "[::1]:30000@42",
        "[fe80::1%3]:1@9223372036854775807",
        "[::ffff:192.168.0.1]:8080@7",
    ];

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Silo_addresses_round_trip_and_copy_as_themselves(string text)
    {
        var silo = SiloAddress.Parse(text);

        var copy = _serializer.RoundTrip(silo);

        Assert.Equal(silo, copy);
        Assert.Equal(text, copy.ToString());
        Assert.Equal(silo, _serializer.RoundTrip<object>(silo));
        Assert.Same(silo, _serializer.DeepCopy(silo));
    }

    [Fact]
    public void An_ipv4_address_takes_nine_bytes()
    {
        // Region prefix, IP length prefix, four IP bytes, two bytes of port, one byte of generation.
        Assert.Equal([9, 5, 127, 0, 0, 1, 0xE7, 0x56, 5], _serializer.ToBytes(Silo(11111, 5)));
    }

    [Fact]
    public void Grain_addresses_round_trip_with_their_silo_and_activation()
    {
        var address = new GrainAddress(GrainId.Parse("account/alice"), SiloAddress.Parse("[::1]:30000@42"), Guid.NewGuid());

        Assert.Equal(address, _serializer.RoundTrip(address));
        Assert.Equal(address, _serializer.DeepCopy(address));
        GrainAddress[] batch = [address, address with { ActivationId = Guid.NewGuid() }];
        Assert.Equal(batch, _serializer.RoundTrip(batch));
        Assert.Null(_serializer.RoundTrip<SiloAddress?>(null));
    }

    public static TheoryData<byte[], string> Malformed => new()
    {
        { [10, 6, 127, 0, 0, 1, 2, 0xE7, 0x56, 5], "4 or 16 bytes" },
        { [7, 1, 0xE7, 0x56, 5, 0, 0, 0], "4 or 16 bytes" },
        { [7, 5, 127, 0, 0, 1, 0, 5], "port 0" },
        { [10, 5, 127, 0, 0, 1, 0xF0, 0xA2, 0x04, 5], "port 70000" },
        { [18, 5, 127, 0, 0, 1, 0xE7, 0x56, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "generation" },
        { [9, 5, 127, 0], "end of data" },
        { [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 5, 127, 0, 0, 1], "end of data" },
        { [9, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0, 0, 1, 1], "IP address" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_silo_addresses_are_refused_with_a_message_naming_the_field(byte[] bytes, string expected)
    {
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<SiloAddress>(bytes));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_region_longer_than_needed_is_read_and_its_extra_fields_skipped()
    {
        // A newer writer may append fields; this reader takes what it knows.
        var bytes = new byte[] { 11, 5, 127, 0, 0, 1, 0xE7, 0x56, 5, 1, 2 };
        Assert.Equal(new SiloAddress(new IPEndPoint(IPAddress.Loopback, 11111), 5), _serializer.FromBytes<SiloAddress>(bytes));
    }
}
