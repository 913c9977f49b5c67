namespace GrainChain.Grains.Nodes;

/// <summary>
/// Which peers a node has banned and until when. A peer that sends an invalid block or claims work it cannot serve
/// is banned for <see cref="Duration"/>; an unreachable or slow peer is not (that is failure, not misbehaviour).
/// </summary>
internal static class PeerBans
{
    public static readonly TimeSpan Duration = TimeSpan.FromHours(24);

    public static bool IsBanned(Dictionary<string, DateTimeOffset> bans, string peer, DateTimeOffset now) =>
        bans.TryGetValue(peer, out var until) && until > now;

    /// <summary>Forgets bans that have run out; returns whether any did.</summary>
    public static bool Expire(Dictionary<string, DateTimeOffset> bans, DateTimeOffset now)
    {
        var expired = bans.Where(b => b.Value <= now).Select(b => b.Key).ToList();
        foreach (var peer in expired) bans.Remove(peer);
        return expired.Count > 0;
    }
}
