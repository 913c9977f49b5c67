using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>Settings of the SQLite membership table: one file that the silo processes of one machine share.</summary>
public sealed class SqliteMembershipOptions
{
    /// <summary>The cluster whose rows this table reads and writes. Default: <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>Path of the database file, created with its directory when missing. Default: <c>grainchain-membership.db</c>.</summary>
    public string DataSource { get; set; } = "grainchain-membership.db";

    /// <summary>How long a statement waits for another process's lock on the file before it fails. Default: 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void ThrowIfInvalid()
    {
        var failures = new List<string>();
        if (!MembershipClusterId.IsValid(ClusterId))
        {
            failures.Add($"SQLite membership: {MembershipClusterId.Problem(ClusterId)}");
        }

        if (string.IsNullOrWhiteSpace(DataSource) || DataSource.StartsWith(':') || DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"SQLite membership: DataSource '{DataSource}' must be a file path.");
        }

        if (BusyTimeout <= TimeSpan.Zero || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"SQLite membership: BusyTimeout {BusyTimeout} must be positive and at most 10 minutes.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(SqliteMembershipOptions), typeof(SqliteMembershipOptions), failures);
        }
    }
}
