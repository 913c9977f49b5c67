using System.Net;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// <see cref="MembershipView.IsDead"/> answered in constant time: the silos declared Dead plus, per endpoint, the
/// newest generation seen (an older incarnation on that endpoint is gone). Built once per view, read without locks.
/// </summary>
internal sealed class DeadSiloIndex
{
    private readonly HashSet<SiloAddress> _declaredDead = [];
    private readonly Dictionary<IPEndPoint, long> _newestGeneration = [];

    public DeadSiloIndex(MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        View = view;
        foreach (var member in view.Members)
        {
            if (member.Status == SiloStatus.Dead)
            {
                _declaredDead.Add(member.Silo);
            }

            var endpoint = member.Silo.Endpoint;
            if (!_newestGeneration.TryGetValue(endpoint, out var newest) || member.Silo.Generation > newest)
            {
                _newestGeneration[endpoint] = member.Silo.Generation;
            }
        }
    }

    public static DeadSiloIndex Empty { get; } = new(MembershipView.Empty);

    /// <summary>The view this index answers for.</summary>
    public MembershipView View { get; }

    public bool IsDead(SiloAddress silo) =>
        _declaredDead.Contains(silo)
        || _newestGeneration.TryGetValue(silo.Endpoint, out var newest) && newest > silo.Generation;
}
