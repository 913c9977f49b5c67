using System.Net;
using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Client;

/// <summary>
/// When each unreachable gateway may be tried again: the wait doubles per failed attempt, from an initial to a
/// maximum wait, so a dead gateway costs a connect attempt every few seconds rather than one per refresh.
/// Used only by the connector's single loop, so it needs no lock.
/// </summary>
internal sealed class GatewayBackoff(TimeSpan initial, TimeSpan max)
{
    private readonly Dictionary<IPEndPoint, (int Failures, DateTimeOffset RetryAt)> _failing = [];

    /// <summary>True when <paramref name="gateway"/> may be tried at <paramref name="now"/>.</summary>
    public bool IsDue(IPEndPoint gateway, DateTimeOffset now) => !_failing.TryGetValue(gateway, out var state) || state.RetryAt <= now;

    /// <summary>Records a failed attempt; returns how many in a row and the wait before the next one.</summary>
    public (int Failures, TimeSpan Wait) Failed(IPEndPoint gateway, DateTimeOffset now)
    {
        int failures = _failing.TryGetValue(gateway, out var state) ? state.Failures + 1 : 1;
        var wait = ReconnectBackoff.After(failures, initial, max);
        _failing[gateway] = (failures, now + wait);
        return (failures, wait);
    }

    public void Succeeded(IPEndPoint gateway) => _failing.Remove(gateway);

    /// <summary>Forgets gateways no longer in the list, so a gateway that comes back later starts afresh.</summary>
    public void Retain(IReadOnlyCollection<IPEndPoint> listed)
    {
        foreach (var gateway in _failing.Keys.Where(g => !listed.Contains(g)).ToList())
        {
            _failing.Remove(gateway);
        }
    }

    /// <summary>The earliest time a listed, failing gateway may be tried again; null when none is waiting.</summary>
    public DateTimeOffset? NextRetry(IEnumerable<IPEndPoint> waiting)
    {
        DateTimeOffset? next = null;
        foreach (var gateway in waiting)
        {
            if (_failing.TryGetValue(gateway, out var state) && (next is null || state.RetryAt < next))
            {
                next = state.RetryAt;
            }
        }
        return next;
    }
}
