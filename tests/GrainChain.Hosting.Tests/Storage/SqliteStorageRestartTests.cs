using GrainChain.Hosting.Schema;
using GrainChain.Hosting.Storage;
using GrainChain.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>State written through one silo is there, with its ETag, for the next silo on the same SQLite file.</summary>
public sealed class SqliteStorageRestartTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task A_written_state_outlives_the_silo_that_wrote_it()
    {
        var id = GrainId.Create("restart", "alice");
        var written = new HeldState(new ContractState { Text = "kept", Number = 3 });
        await using (var first = await StartAsync())
        {
            await first.Storage.WriteStateAsync("state", id, written);
        }

        await using var second = await StartAsync();
        var read = new HeldState(new ContractState());
        await second.Storage.ReadStateAsync("state", id, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(("kept", 3L), (read.State.Text, read.State.Number));
    }

    public void Dispose() => _folder.Dispose();

    private Task<StorageSilo> StartAsync() => StorageSilo.StartAsync(silo =>
    {
        silo.Services.AddGrainChainSqliteDatabase(o => o.Path = _folder.File("state.db"));
        silo.AddGrainChainSqliteGrainStorage(StorageSilo.StorageName);
    });
}
