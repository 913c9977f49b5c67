using System.Net;
using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// <see cref="MembershipView.IsDead"/> answered with one hash lookup: per endpoint, the newest generation the view
/// holds and whether that incarnation is declared Dead. Any older generation on the endpoint is gone, so it needs
/// no entry of its own. Built once per view, read without locks.
/// </summary>
internal sealed class DeadSiloIndex
{
    private readonly Dictionary<IPEndPoint, (long Generation, bool Dead)> _newestByEndpoint = [];

    public DeadSiloIndex(MembershipView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        View = view;
        foreach (var member in view.Members)
        {
            var silo = member.Silo;
            if (!_newestByEndpoint.TryGetValue(silo.Endpoint, out var newest) || silo.Generation > newest.Generation)
            {
                _newestByEndpoint[silo.Endpoint] = (silo.Generation, member.Status == SiloStatus.Dead);
            }
        }
    }

    public static DeadSiloIndex Empty { get; } = new(MembershipView.Empty);

    /// <summary>The view this index answers for.</summary>
    public MembershipView View { get; }

    public bool IsDead(SiloAddress silo) =>
        _newestByEndpoint.TryGetValue(silo.Endpoint, out var newest)
        && (newest.Generation > silo.Generation || newest.Generation == silo.Generation && newest.Dead);
}
