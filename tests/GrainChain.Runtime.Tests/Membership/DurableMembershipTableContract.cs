using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>What stores that outlive the process add to the contract: data survives new instances, corrupt data is reported clearly.</summary>
public abstract class DurableMembershipTableContract : MembershipTableContract
{
    /// <summary>Overwrites one stored column of a row directly in the database, as a bug or an operator might.</summary>
    protected abstract Task CorruptAsync(string clusterId, SiloAddress silo, string column, object value);

    [Fact]
    public async Task Rows_and_version_survive_a_new_table_instance()
    {
        var entry = Entry(Silo(20000), SiloStatus.Active) with
        {
            SuspectingSilos = [new SuspicionVote(Silo(20001), Epoch.AddTicks(99))],
            ProxyPort = 40000,
        };
        Assert.True(await Table.InsertRowAsync(entry, (await Table.ReadAllAsync()).Version));
        var written = await Table.ReadAllAsync();
        if (Table is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        var reopened = Open(ClusterId);
        var read = await reopened.ReadAllAsync();

        Assert.Equal(written.Version, read.Version);
        Assert.Equal(written.Rows[0].ETag, read.Rows[0].ETag);
        AssertSameEntry(entry, read.Rows[0].Entry);
        Assert.True(await reopened.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, read.Rows[0].ETag, read.Version));
    }

    [Theory]
    [InlineData("suspect_times", "garbage")]
    [InlineData("suspect_times", "127.0.0.1:1@5/notanumber")]
    [InlineData("suspect_times", "127.0.0.1:1@5")]
    [InlineData("status", 99)]
    [InlineData("start_time", -5)]
    [InlineData("proxy_port", 70000)]
    public async Task A_corrupt_column_gives_an_error_naming_the_silo_and_the_column(string column, object value)
    {
        var silo = Silo(21000);
        Assert.True(await Table.InsertRowAsync(Entry(silo), (await Table.ReadAllAsync()).Version));
        await CorruptAsync(ClusterId, silo, column, value);

        var failure = await Assert.ThrowsAsync<MembershipTableException>(() => Table.ReadAllAsync());

        Assert.Contains(silo.ToString(), failure.Message);
        Assert.Contains(column, failure.Message);
        Assert.Contains(ClusterId, failure.Message);
        await Assert.ThrowsAsync<MembershipTableException>(() => Table.ReadRowAsync(silo));
    }
}
