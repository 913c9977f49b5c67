using System.Net;
using Orleans;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Membership;

/// <summary>
/// Membership entries for the contract tests: every silo address unique in the process, and every time a whole
/// number of milliseconds, which each store keeps exactly (SQLite to the tick, PostgreSQL to the microsecond).
/// </summary>
internal static class MembershipEntries
{
    /// <summary>A fixed instant, so that the tests never depend on the clock.</summary>
    public static readonly DateTime BaseTime = new(2030, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    private static int _generation;

    public static SiloAddress NewSiloAddress() =>
        SiloAddress.New(IPAddress.Loopback, 11111, Interlocked.Increment(ref _generation));

    public static MembershipEntry New(SiloStatus status = SiloStatus.Joining, int proxyPort = 30000, DateTime? time = null)
    {
        var address = NewSiloAddress();
        var at = time ?? BaseTime;
        return new MembershipEntry
        {
            SiloAddress = address,
            SiloName = $"silo-{address.Generation}",
            HostName = "membership-test-host",
            Status = status,
            ProxyPort = proxyPort,
            StartTime = at,
            IAmAliveTime = at,
        };
    }

    /// <summary>A copy of <paramref name="entry"/>, as a silo builds the entry it writes back.</summary>
    public static MembershipEntry With(this MembershipEntry entry, SiloStatus? status = null, DateTime? iAmAlive = null,
        List<Tuple<SiloAddress, DateTime>>? suspectTimes = null) => new()
    {
        SiloAddress = entry.SiloAddress,
        SiloName = entry.SiloName,
        HostName = entry.HostName,
        Status = status ?? entry.Status,
        ProxyPort = entry.ProxyPort,
        StartTime = entry.StartTime,
        IAmAliveTime = iAmAlive ?? entry.IAmAliveTime,
        SuspectTimes = suspectTimes ?? entry.SuspectTimes,
    };

    /// <summary>The gateway address a client is given for <paramref name="entry"/>.</summary>
    public static Uri GatewayUri(this MembershipEntry entry) =>
        SiloAddress.New(entry.SiloAddress.Endpoint.Address, entry.ProxyPort, entry.SiloAddress.Generation).ToGatewayUri();

    /// <summary>The fields every store must return as written.</summary>
    public static void AssertSameAs(this MembershipEntry actual, MembershipEntry expected)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        Assert.Equal(expected.SuspectTimes ?? [], actual.SuspectTimes ?? []);
    }
}
