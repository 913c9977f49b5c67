namespace GrainChain.Runtime.Membership;

/// <summary>One silo's row in the membership table.</summary>
public sealed record MembershipEntry
{
    /// <summary>Most suspicion votes a row may carry; a table holding more is treated as corrupt.</summary>
    public const int MaxSuspicionVotes = 64;

    /// <summary>Longest host name stored.</summary>
    public const int MaxHostNameLength = 255;

    public required SiloAddress Silo { get; init; }

    public required SiloStatus Status { get; init; }

    /// <summary>The machine's name, for operators reading the table.</summary>
    public string HostName { get; init; } = "";

    public required DateTimeOffset StartTime { get; init; }

    /// <summary>The last heartbeat the silo wrote about itself.</summary>
    public required DateTimeOffset IAmAliveTime { get; init; }

    /// <summary>Votes that this silo is dead, oldest first as written.</summary>
    public IReadOnlyList<SuspicionVote> SuspectingSilos { get; init; } = [];

    /// <summary>The gateway port clients connect to, when the silo is a gateway.</summary>
    public int? ProxyPort { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the field when the entry cannot be stored.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Silo);
        if (!Enum.IsDefined(Status))
        {
            throw new ArgumentException($"Membership entry of {Silo}: Status {(int)Status} is not a silo status.", nameof(Status));
        }

        if (HostName is null || HostName.Length > MaxHostNameLength)
        {
            throw new ArgumentException($"Membership entry of {Silo}: HostName must be at most {MaxHostNameLength} characters.", nameof(HostName));
        }

        if (SuspectingSilos is null || SuspectingSilos.Count > MaxSuspicionVotes)
        {
            throw new ArgumentException($"Membership entry of {Silo}: SuspectingSilos must hold at most {MaxSuspicionVotes} votes.", nameof(SuspectingSilos));
        }

        if (ProxyPort is { } port && port is < 1 or > 65535)
        {
            throw new ArgumentException($"Membership entry of {Silo}: ProxyPort {port} is not a TCP port.", nameof(ProxyPort));
        }
    }
}
