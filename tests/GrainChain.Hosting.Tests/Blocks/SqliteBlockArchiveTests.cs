using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Sqlite;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>What only the SQLite archive has to show: a file outlives the archive, and several silo processes share
/// it, each with its own writer.</summary>
public sealed class SqliteBlockArchiveTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Stored_blocks_outlive_the_archive_and_its_connections()
    {
        var chain = TestBlocks.Chain("durable", 50);
        await using (var dataSource = await OpenAsync())
        using (var archive = Archive(dataSource))
        {
            await archive.PutAsync(chain);
        }

        SqliteConnection.ClearAllPools();
        await using var reopened = await OpenAsync();
        using var again = Archive(reopened);

        Assert.Equal(Enumerable.Reverse(chain), await again.GetAncestryAsync(chain[^1].Hash, 100));
    }

    [Fact]
    public async Task Archives_on_one_file_share_their_blocks_and_their_writers_take_turns()
    {
        var chain = TestBlocks.Chain("shared", 300);
        await using var firstSource = await OpenAsync();
        await using var secondSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("blocks.db") });
        using var first = Archive(firstSource);
        using var second = Archive(secondSource);

        // Two writers (as in two silo processes) contend for the file's one write lock, one block per put.
        await Task.WhenAll(
            Task.Run(async () => { foreach (var block in chain) await first.PutAsync([block]); }),
            Task.Run(async () => { foreach (var block in Enumerable.Reverse(chain)) await second.PutAsync([block]); }));

        Assert.Equal(Enumerable.Reverse(chain), await first.GetAncestryAsync(chain[^1].Hash, 1_000));
        Assert.Equal(Enumerable.Reverse(chain), await second.GetAncestryAsync(chain[^1].Hash, 1_000));
    }

    [Fact]
    public async Task A_put_waits_for_a_write_lock_held_elsewhere_and_reads_do_not()
    {
        var block = TestBlocks.Block(TestBlocks.Zero, "locked");
        await using var dataSource = await OpenAsync();
        using var archive = Archive(dataSource);
        await using var other = (SqliteConnection)await dataSource.OpenConnectionAsync();
        await Execute(other, "BEGIN IMMEDIATE;");

        var put = archive.PutAsync([block]);
        await Task.Delay(200);
        var whileLocked = put.IsCompleted;
        var readWhileLocked = await archive.GetAsync(block.Hash);
        await Execute(other, "COMMIT;");
        await put;

        Assert.False(whileLocked);
        Assert.Null(readWhileLocked);
        Assert.Equal(block, await archive.GetAsync(block.Hash));
    }

    [Fact]
    public async Task A_put_after_the_archive_is_disposed_is_refused()
    {
        await using var dataSource = await OpenAsync();
        var archive = Archive(dataSource);
        archive.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => archive.PutAsync([TestBlocks.Block(TestBlocks.Zero, "late")]));
    }

    private async Task<SqliteDataSource> OpenAsync()
    {
        var dataSource = new SqliteDataSource(new SqliteDatabaseOptions { Path = _folder.File("blocks.db") });
        await SqliteSchemaInstaller.EnsureAsync(dataSource);
        return dataSource;
    }

    private static SqliteBlockArchive Archive(SqliteDataSource dataSource) => new(dataSource, NullLogger<SqliteBlockWriter>.Instance);

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
