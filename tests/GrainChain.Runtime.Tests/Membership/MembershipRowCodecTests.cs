using System.Net;
using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

public sealed class MembershipRowCodecTests
{
    private const string Silo = "127.0.0.1:11111@5";

    private static MembershipRow Decode(string? votes = "", long status = 2, string? hostName = "h", long start = 1, long alive = 2, long? proxyPort = null, long etag = 1, string silo = Silo) =>
        MembershipRowCodec.Decode("store", "cluster", silo, status, hostName, start, alive, votes, proxyPort, etag);

    [Fact]
    public void Votes_written_by_the_codec_read_back_in_order_with_exact_ticks()
    {
        var votes = Enumerable.Range(0, MembershipEntry.MaxSuspicionVotes)
            .Select(i => new SuspicionVote(new SiloAddress(new IPEndPoint(IPAddress.Parse("fe80::" + (i + 1).ToString("x")), 1000 + i), long.MaxValue - i), new DateTimeOffset(638_000_000_000_000_000 + i, TimeSpan.Zero)))
            .ToArray();

        var read = Decode(MembershipRowCodec.FormatVotes(votes)).Entry.SuspectingSilos;

        Assert.Equal(votes, read);
    }

    [Fact]
    public void More_votes_than_the_limit_are_reported_as_corrupt()
    {
        var votes = Enumerable.Range(0, MembershipEntry.MaxSuspicionVotes + 1).Select(i => $"10.0.0.1:{i + 1}@1/5");

        var failure = Assert.Throws<MembershipTableException>(() => Decode(string.Join(';', votes)));

        Assert.Contains("suspect_times", failure.Message);
        Assert.Contains(Silo, failure.Message);
    }

    [Theory]
    [InlineData(";")]
    [InlineData("127.0.0.1:1@1/5;")]
    [InlineData("/5")]
    [InlineData("127.0.0.1:1@1/-5")]
    [InlineData("127.0.0.1:1@1/3155378976000000000")]
    [InlineData(null)]
    public void Malformed_votes_are_reported_naming_the_silo_and_column(string? votes)
    {
        var failure = Assert.Throws<MembershipTableException>(() => Decode(votes));

        Assert.Contains(Silo, failure.Message);
        Assert.Contains("suspect_times", failure.Message);
        Assert.Contains("cluster", failure.Message);
    }

    [Fact]
    public void An_overlong_votes_column_is_refused_before_it_is_split()
    {
        var failure = Assert.Throws<MembershipTableException>(() => Decode(new string('x', MembershipRowCodec.MaxVotesLength + 1)));

        Assert.Contains("characters long", failure.Message);
    }

    [Fact]
    public void Other_bad_columns_are_named()
    {
        Assert.Contains("column silo", Assert.Throws<MembershipTableException>(() => Decode(silo: "nonsense")).Message);
        Assert.Contains("column status", Assert.Throws<MembershipTableException>(() => Decode(status: 0)).Message);
        Assert.Contains("column host_name", Assert.Throws<MembershipTableException>(() => Decode(hostName: null)).Message);
        Assert.Contains("column i_am_alive_time", Assert.Throws<MembershipTableException>(() => Decode(alive: long.MaxValue)).Message);
        Assert.Contains("column proxy_port", Assert.Throws<MembershipTableException>(() => Decode(proxyPort: 0)).Message);
        Assert.Contains("column etag", Assert.Throws<MembershipTableException>(() => Decode(etag: 0)).Message);
    }

    [Fact]
    public void Any_silo_address_round_trips_through_its_text_form()
    {
        var addresses =
            from ipv6 in ArbMap.Default.GeneratorFor<bool>()
            from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16)
            from port in Gen.Choose(1, 65535)
            from generation in ArbMap.Default.GeneratorFor<long>()
            select new SiloAddress(new IPEndPoint(new IPAddress(ipv6 ? bytes : bytes[..4]), port), Math.Abs(generation % long.MaxValue));

        Prop.ForAll(addresses.ToArbitrary(), address => SiloAddress.Parse(address.ToString()) == address)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_text_never_parses_into_something_that_formats_differently()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
                !SiloAddress.TryParse(text, out var address) || SiloAddress.Parse(address.ToString()) == address)
            .QuickCheckThrowOnFailure();
    }
}
