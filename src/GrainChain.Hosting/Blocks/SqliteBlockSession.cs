using GrainChain.Hosting.Sqlite;
using Microsoft.Data.Sqlite;

namespace GrainChain.Hosting.Blocks;

/// <summary>The block writer's session: stores the blocks of several puts in one transaction.</summary>
internal sealed class SqliteBlockSession : SqliteWriteSession<SqliteBlockPut>
{
    private readonly SqliteCommand _insert;

    private SqliteBlockSession(SqliteConnection connection)
        : base(connection)
    {
        _insert = Command(SqliteBlockStatements.Insert,
            ("$hash", SqliteType.Blob), ("$previousHash", SqliteType.Blob), ("$bytes", SqliteType.Blob));
    }

    public static SqliteBlockSession Open(SqliteDataSource dataSource) => Open(dataSource, c => new SqliteBlockSession(c));

    protected override void Write(List<SqliteBlockPut> batch)
    {
        var hash = _insert.Parameters["$hash"];
        var previousHash = _insert.Parameters["$previousHash"];
        var bytes = _insert.Parameters["$bytes"];
        foreach (var put in batch)
        {
            foreach (var block in put.Blocks)
            {
                hash.Value = block.Hash;
                previousHash.Value = block.PreviousHash;
                bytes.Value = block.Bytes;
                _insert.ExecuteNonQuery();
            }
        }
    }
}
