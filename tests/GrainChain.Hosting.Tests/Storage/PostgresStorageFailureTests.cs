using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>
/// A write PostgreSQL refuses (a key with a NUL character, which PostgreSQL text cannot hold) fails alone: whichever
/// other writes were committed in the same batch, they succeed.
/// </summary>
public sealed class PostgresStorageFailureTests(PostgresStorageContract.Store store) : IClassFixture<PostgresStorageContract.Store>
{
    private readonly IGrainStorage _storage = store.Storage;

    [Fact]
    public async Task A_write_the_server_refuses_fails_alone()
    {
        var type = GrainType.Create($"failure.{Guid.NewGuid():N}");
        var good = Enumerable.Range(0, 32).Select(i => GrainId.Create(type, $"good-{i}")).ToArray();
        var bad = GrainId.Create(type, "bad\0key");

        var writes = good.Append(bad).Select(id => Task.Run(() =>
            _storage.WriteStateAsync("state", id, new HeldState(new ContractState { Text = id.ToString() })))).ToArray();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => writes[^1]);
        await Task.WhenAll(writes[..^1]);

        Assert.Equal("22021", refused.SqlState);
        foreach (var id in good)
        {
            var read = new HeldState(new ContractState());
            await _storage.ReadStateAsync("state", id, read);
            Assert.Equal(id.ToString(), read.State.Text);
        }
    }
}
