using System.Net;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.GrainDirectory;

/// <summary>Builds silo addresses, membership views and grain addresses for directory and placement tests.</summary>
internal static class MembershipViews
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static SiloAddress Silo(int port, long generation = 1) => new(new IPEndPoint(IPAddress.Loopback, port), generation);

    public static SiloAddress[] Silos(int count, int firstPort = 11000) => [.. Enumerable.Range(0, count).Select(i => Silo(firstPort + i))];

    public static MembershipView Of(long version, params (SiloAddress Silo, SiloStatus Status)[] members) =>
        new(version, members.Select(m => new MembershipEntry { Silo = m.Silo, Status = m.Status, StartTime = Start, IAmAliveTime = Start }));

    public static MembershipView Active(long version, params SiloAddress[] silos) =>
        Of(version, [.. silos.Select(s => (s, SiloStatus.Active))]);

    public static GrainId GrainIdOf(int i) => new(new GrainType("account"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static GrainId[] GrainIds(int count) => [.. Enumerable.Range(0, count).Select(GrainIdOf)];

    public static GrainAddress Address(GrainId grainId, SiloAddress silo) => new(grainId, silo, Guid.NewGuid());
}
