using System.Net;
using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.GrainDirectory;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Serialization;
using static GrainChain.Runtime.Tests.GrainDirectory.MembershipViews;

namespace GrainChain.Runtime.Tests.GrainDirectory;

/// <summary>Properties over generated silo addresses and clusters.</summary>
public sealed class DirectoryProperties
{
    private static readonly GrainId[] Ids = GrainIds(2_000);

    private static readonly Gen<SiloAddress> Silos =
        from ipv6 in ArbMap.Default.GeneratorFor<bool>()
        from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 16)
        from port in Gen.Choose(1, 65535)
        from generation in ArbMap.Default.GeneratorFor<long>()
        select new SiloAddress(new IPEndPoint(new IPAddress(ipv6 ? bytes : bytes[..4]), port), Math.Abs(generation % long.MaxValue));

    [Fact]
    public void Any_silo_address_round_trips_through_the_serializer()
    {
        var serializer = new BinaryGrainSerializer();
        Prop.ForAll(Silos.ToArbitrary(), silo => serializer.RoundTrip(silo) == silo)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arbitrary_bytes_either_decode_to_a_silo_address_or_fail_with_a_serialization_error()
    {
        var serializer = new BinaryGrainSerializer();
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            {
                try
                {
                    var silo = serializer.FromBytes<SiloAddress>(bytes);
                    return silo is null || silo.Endpoint.Port > 0;
                }
                catch (GrainSerializationException)
                {
                    return true;
                }
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_a_silo_to_any_cluster_moves_grains_only_to_the_newcomer()
    {
        var clusters =
            from count in Gen.Choose(1, 12)
            from silos in Gen.ArrayOf(Silos, count)
            from newcomer in Silos
            where silos.Distinct().Count() == count && !silos.Contains(newcomer)
            select (silos, newcomer);

        Prop.ForAll(clusters.ToArbitrary(), cluster =>
            {
                var before = ConsistentRing.From(Active(1, cluster.silos));
                var after = ConsistentRing.From(Active(2, [.. cluster.silos, cluster.newcomer]));
                return Ids.All(id => before.Owner(id) == after.Owner(id) || after.Owner(id) == cluster.newcomer);
            })
            .QuickCheckThrowOnFailure();
    }
}
