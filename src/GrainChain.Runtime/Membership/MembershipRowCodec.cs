using System.Globalization;
using System.Text;

namespace GrainChain.Runtime.Membership;

/// <summary>
/// Turns stored columns back into entries and entries into columns. Stored data is not trusted: every field is
/// checked and a bad one gives a <see cref="MembershipTableException"/> naming the silo and the column.
/// Times are stored as UTC ticks so they round-trip exactly in every store.
/// </summary>
internal static class MembershipRowCodec
{
    /// <summary>Longest votes column accepted: the maximum vote count of the longest addresses, plus separators.</summary>
    public const int MaxVotesLength = MembershipEntry.MaxSuspicionVotes * (SiloAddress.MaxTextLength + 24);

    private const char VoteSeparator = ';';
    private const char TimeSeparator = '/';

    public static long ToTicks(DateTimeOffset time) => time.UtcTicks;

    public static string FormatVotes(IReadOnlyList<SuspicionVote> votes)
    {
        var text = new StringBuilder();
        foreach (var vote in votes)
        {
            if (text.Length > 0)
            {
                text.Append(VoteSeparator);
            }

            text.Append(vote.Voter.ToString()).Append(TimeSeparator).Append(vote.Timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>Builds a row from stored columns; <paramref name="clusterId"/> and <paramref name="storeName"/> only label errors.</summary>
    public static MembershipRow Decode(
        string storeName,
        string clusterId,
        string siloText,
        long status,
        string? hostName,
        long startTicks,
        long iAmAliveTicks,
        string? votes,
        long? proxyPort,
        long etag)
    {
        if (!SiloAddress.TryParse(siloText, out var silo))
        {
            throw Corrupt(storeName, clusterId, siloText, "silo", "is not an address of the form ip:port@generation");
        }

        if (status is < (long)SiloStatus.Joining or > (long)SiloStatus.Dead)
        {
            throw Corrupt(storeName, clusterId, siloText, "status", $"holds {status}, which is not a silo status");
        }

        if (hostName is null || hostName.Length > MembershipEntry.MaxHostNameLength)
        {
            throw Corrupt(storeName, clusterId, siloText, "host_name", "is missing or too long");
        }

        if (proxyPort is { } port && port is < 1 or > 65535)
        {
            throw Corrupt(storeName, clusterId, siloText, "proxy_port", $"holds {port}, which is not a TCP port");
        }

        if (etag == 0)
        {
            throw Corrupt(storeName, clusterId, siloText, "etag", "is zero");
        }

        var entry = new MembershipEntry
        {
            Silo = silo,
            Status = (SiloStatus)status,
            HostName = hostName,
            StartTime = Time(storeName, clusterId, siloText, "start_time", startTicks),
            IAmAliveTime = Time(storeName, clusterId, siloText, "i_am_alive_time", iAmAliveTicks),
            SuspectingSilos = ParseVotes(storeName, clusterId, siloText, votes),
            ProxyPort = proxyPort is { } p ? (int)p : null,
        };
        return new MembershipRow(entry, MembershipETag.Format(etag));
    }

    private static IReadOnlyList<SuspicionVote> ParseVotes(string storeName, string clusterId, string siloText, string? text)
    {
        if (text is null)
        {
            throw Corrupt(storeName, clusterId, siloText, "suspect_times", "is missing");
        }

        if (text.Length == 0)
        {
            return [];
        }

        if (text.Length > MaxVotesLength)
        {
            throw Corrupt(storeName, clusterId, siloText, "suspect_times", $"is {text.Length} characters long, more than {MaxVotesLength}");
        }

        var votes = new List<SuspicionVote>();
        foreach (var part in text.Split(VoteSeparator))
        {
            var slash = part.LastIndexOf(TimeSeparator);
            if (votes.Count == MembershipEntry.MaxSuspicionVotes)
            {
                throw Corrupt(storeName, clusterId, siloText, "suspect_times", $"holds more than {MembershipEntry.MaxSuspicionVotes} votes");
            }

            if (slash <= 0
                || !SiloAddress.TryParse(part[..slash], out var voter)
                || !long.TryParse(part.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                throw Corrupt(storeName, clusterId, siloText, "suspect_times", $"vote {votes.Count + 1} is not of the form ip:port@generation/ticks");
            }

            votes.Add(new SuspicionVote(voter, new DateTimeOffset(ticks, TimeSpan.Zero)));
        }

        return votes;
    }

    private static DateTimeOffset Time(string storeName, string clusterId, string siloText, string column, long ticks) =>
        ticks is >= 0 and <= 3155378975999999999 // DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw Corrupt(storeName, clusterId, siloText, column, $"holds {ticks}, which is not a time in ticks");

    private static MembershipTableException Corrupt(string storeName, string clusterId, string siloText, string column, string problem)
    {
        var shown = siloText.Length <= SiloAddress.MaxTextLength ? siloText : siloText[..SiloAddress.MaxTextLength] + "…";
        return new MembershipTableException(
            $"Membership table '{storeName}', cluster '{clusterId}': the row of silo '{shown}' is corrupt: column {column} {problem}.");
    }
}
