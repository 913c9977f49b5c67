using System.Data.Common;
using System.Globalization;

namespace GrainChain.Runtime.Membership;

/// <summary>Reads the result of <see cref="MembershipSql.SelectAll"/> or <see cref="MembershipSql.SelectOne"/> from either SQL store.</summary>
internal static class MembershipSnapshotReader
{
    /// <summary>The snapshot, or null when the cluster has no version row (not initialised).</summary>
    public static async Task<MembershipTableSnapshot?> ReadAsync(DbDataReader reader, string storeName, string clusterId, CancellationToken cancellationToken)
    {
        TableVersion? version = null;
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version ??= new TableVersion(Int64(reader, 0), MembershipETag.Format(Int64(reader, 1)));
            if (reader.IsDBNull(2))
            {
                continue;
            }

            var silo = reader.GetString(2);
            try
            {
                rows.Add(MembershipRowCodec.Decode(
                    storeName,
                    clusterId,
                    silo,
                    Int64(reader, 3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    Int64(reader, 5),
                    Int64(reader, 6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : Int64(reader, 8),
                    Int64(reader, 9)));
            }
            catch (Exception exception) when (exception is FormatException or InvalidCastException or OverflowException)
            {
                throw new MembershipTableException(
                    $"Membership table '{storeName}', cluster '{clusterId}': the row of silo '{silo}' is corrupt: {exception.Message}", exception);
            }
        }

        return version is { } found ? new MembershipTableSnapshot(rows, found) : null;
    }

    private static long Int64(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
}
