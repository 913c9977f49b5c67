using GrainChain.Abstractions.Nodes;

namespace GrainChain.Grains.Peers;

/// <summary>
/// How much each offence weighs and what a full score costs: Bitcoin's rule of thumb — proof of lying is a ban at
/// once; what might be an honest peer's bad luck adds up slowly. A ban ends after the configured duration, and the
/// score starts again from zero.
/// </summary>
public static class PeerScoring
{
    public const int BanThreshold = 100;

    public static int PointsFor(PeerOffence offence) => offence switch
    {
        PeerOffence.InvalidBlock or PeerOffence.InvalidHeaders or PeerOffence.WorkNotServed or PeerOffence.WrongData => BanThreshold,
        PeerOffence.InvalidTransaction or PeerOffence.MalformedAnnouncement => 20,
        PeerOffence.AnnouncedMissing => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(offence), offence, "not a peer offence"),
    };

    /// <summary>Adds an offence to <paramref name="record"/>; bans when the score reaches the threshold.</summary>
    public static void Record(PeerLinkRecord record, PeerOffence offence, string detail, DateTimeOffset now, TimeSpan banDuration)
    {
        Expire(record, now);
        if (record.BannedUntil is not null) return;
        record.Score += PointsFor(offence);
        record.LastOffence = $"{offence}: {detail}";
        if (record.Score >= BanThreshold) record.BannedUntil = now + banDuration;
    }

    /// <summary>Ends a ban whose time is up (with a clean score); returns whether it did.</summary>
    public static bool Expire(PeerLinkRecord record, DateTimeOffset now)
    {
        if (record.BannedUntil is not { } until || until > now) return false;
        record.BannedUntil = null;
        record.Score = 0;
        return true;
    }
}
