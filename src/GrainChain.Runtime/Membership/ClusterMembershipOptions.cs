using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Settings of the membership agent: how often a silo probes its peers, reads the table and writes its heartbeat,
/// and how much evidence declares a peer Dead.
/// </summary>
/// <remarks>
/// With the defaults a killed silo is declared Dead well within 10 seconds. Each silo is probed by up to
/// <see cref="NumProbedSilos"/> (3) predecessors on the ring; say its last answered probe was at time t. Each prober
/// starts a round at most <see cref="ProbePeriod"/> (1 s) later and then once per period; a round ends after at most
/// <see cref="ProbeTimeout"/> (1 s), sooner when the dead process refuses the connection. The third missed probe
/// (<see cref="NumMissedProbesLimit"/>) is therefore known by t + 3 x 1 s + 1 s = t + 4 s at every prober, and each
/// of them writes its vote then (one compare-and-set, milliseconds). Whichever vote completes
/// <see cref="NumVotesForDeathDeclaration"/> (2) fresh votes writes Dead in the same update: about t + 4 s. The
/// writer tells the other silos at once (<see cref="ChangeNotificationTimeout"/>); one that misses the notification
/// reads it on its next table refresh, at most <see cref="TableRefreshPeriod"/> (1 s) later: t + 5 s.
/// That leaves about 5 s for slow table writes, lost compare-and-sets and a busy machine. In a two-silo cluster one
/// vote is enough, because only one silo is left to cast it.
/// </remarks>
public sealed class ClusterMembershipOptions
{
    /// <summary>Longest period or timeout accepted, so a typo in configuration cannot switch failure detection off.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>
    /// Time between the starts of two probe rounds (a round probes every chosen peer at once). Default: 1 second.
    /// A round that takes longer delays the next one instead of overlapping it.
    /// </summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one probe waits for its answer before counting as missed. Default: 1 second.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Consecutive missed probes after which the prober votes that the peer is dead (and votes again, refreshing
    /// its vote, every further missed round). One answered probe resets the count. Default: 3.
    /// </summary>
    public int NumMissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// How many peers each silo probes: its successors on a ring of the Active silos, so every silo is probed by
    /// this many others (fewer in smaller clusters). Default: 3.
    /// </summary>
    public int NumProbedSilos { get; set; } = 3;

    /// <summary>
    /// Fresh votes that declare a silo Dead; capped by the number of Active silos other than the suspect, so small
    /// clusters can still decide, and never below one. Default: 2, so one silo with a bad network link cannot kill
    /// a healthy peer on its own in clusters of three or more.
    /// </summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// Age after which a suspicion vote no longer counts and is dropped at the next write of the row. Default:
    /// 60 seconds: long enough for the votes of all probers of one failure to meet, short enough that a blip
    /// yesterday does not add to a blip today.
    /// </summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Time between two heartbeats this silo writes into its own row. Operators and the cleanup of defunct rows
    /// read it; failure detection itself relies on probes. Default: 5 seconds.
    /// </summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time between two reads of the whole table, which publish a new view when the version moved. Default: 1 second.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a silo that changed a status in the table waits for each other silo to acknowledge the notification
    /// (and its re-read of the table). Notifications are best effort: a silo that misses one reads the change at its
    /// next refresh. A graceful stop waits at most this long for each of its two notifications. Default: 1 second.
    /// </summary>
    public TimeSpan ChangeNotificationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Every problem with these settings, one message each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        CheckInterval(failures, nameof(ProbePeriod), ProbePeriod);
        CheckInterval(failures, nameof(ProbeTimeout), ProbeTimeout);
        CheckInterval(failures, nameof(DeathVoteExpiration), DeathVoteExpiration);
        CheckInterval(failures, nameof(IAmAlivePeriod), IAmAlivePeriod);
        CheckInterval(failures, nameof(TableRefreshPeriod), TableRefreshPeriod);
        CheckInterval(failures, nameof(ChangeNotificationTimeout), ChangeNotificationTimeout);
        CheckCount(failures, nameof(NumMissedProbesLimit), NumMissedProbesLimit, 1, 1000);
        CheckCount(failures, nameof(NumProbedSilos), NumProbedSilos, 1, MembershipEntry.MaxSuspicionVotes);
        CheckCount(failures, nameof(NumVotesForDeathDeclaration), NumVotesForDeathDeclaration, 1, MembershipEntry.MaxSuspicionVotes);
        if (DeathVoteExpiration > TimeSpan.Zero && ProbePeriod > TimeSpan.Zero && DeathVoteExpiration <= ProbePeriod)
        {
            // A vote must live at least as long as one round, or the votes of two probers can never meet.
            failures.Add($"Cluster membership: DeathVoteExpiration {DeathVoteExpiration} must be longer than ProbePeriod {ProbePeriod}.");
        }

        return failures;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every bad setting.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(ClusterMembershipOptions), typeof(ClusterMembershipOptions), failures);
        }
    }

    private static void CheckInterval(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > MaxInterval)
        {
            failures.Add($"Cluster membership: {name} {value} must be positive and at most {MaxInterval}.");
        }
    }

    private static void CheckCount(List<string> failures, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Cluster membership: {name} {value} must be between {min} and {max}.");
        }
    }
}
