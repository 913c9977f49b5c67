using Microsoft.Extensions.Options;
using Npgsql;

namespace GrainChain.Runtime.Membership;

/// <summary>Settings of the PostgreSQL membership table, for clusters that span machines.</summary>
public sealed class PostgresMembershipOptions
{
    /// <summary>The cluster whose rows this table reads and writes. Default: <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    /// <summary>Npgsql connection string. Required.</summary>
    public string ConnectionString { get; set; } = "";

    internal void ThrowIfInvalid()
    {
        var failures = new List<string>();
        if (!MembershipClusterId.IsValid(ClusterId))
        {
            failures.Add($"PostgreSQL membership: {MembershipClusterId.Problem(ClusterId)}");
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            failures.Add("PostgreSQL membership: ConnectionString is empty.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException exception)
            {
                failures.Add($"PostgreSQL membership: ConnectionString is malformed: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(nameof(PostgresMembershipOptions), typeof(PostgresMembershipOptions), failures);
        }
    }
}
