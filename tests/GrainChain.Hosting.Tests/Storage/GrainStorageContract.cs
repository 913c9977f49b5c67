using Orleans.Runtime;
using Orleans.Storage;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>
/// What every GrainChain grain store must do, in Orleans' terms: ETags compare-and-set, a missing record has none,
/// grains (type and key) and state names never share a record. Run against each store by a derived class.
/// </summary>
public abstract class GrainStorageContract(IGrainStorage storage)
{
    private const string StateName = "state";

    // xUnit makes an instance per test: a grain type of its own keeps tests sharing one store apart.
    private readonly string _typePrefix = $"contract.{Guid.NewGuid():N}";

    public static TheoryData<string> OddKeys => new()
    {
        "ключ 🔑 鍵 مفتاح",
        "O'Brien \"quoted\" `ticked`",
        "'; DROP TABLE GrainState; --",
        "'); DELETE FROM OrleansQuery; --",
        "020235",
        "a+b",
        "a/b/c",
        "%_*?\\ \t\r\n end",
        new string('k', 10_000),
    };

    [Fact]
    public async Task A_missing_record_reads_as_no_etag_and_a_default_state()
    {
        var read = await ReadAsync(Id("missing"));

        Assert.Null(read.ETag);
        Assert.False(read.RecordExists);
        Assert.NotNull(read.State);
        Assert.Equal(0, read.State.Number);
    }

    [Fact]
    public async Task A_write_reads_back()
    {
        var id = Id("round-trip");
        var written = await CreateAsync(id, new ContractState { Text = "hello", Number = 42, Blob = [1, 2, 3] });

        var read = await ReadAsync(id);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("hello", read.State.Text);
        Assert.Equal(42, read.State.Number);
        Assert.Equal([1, 2, 3], read.State.Blob);
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var id = Id("etags");
        var state = await CreateAsync(id, new ContractState { Number = 0 });
        var etags = new List<string?> { state.ETag };
        for (var i = 1; i < 5; i++)
        {
            state.State.Number = i;
            await storage.WriteStateAsync(StateName, id, state);
            etags.Add(state.ETag);
        }

        Assert.All(etags, Assert.NotNull);
        Assert.Equal(etags.Count, etags.Distinct().Count());
        var read = await ReadAsync(id);
        Assert.Equal(etags[^1], read.ETag);
        Assert.Equal(4, read.State.Number);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        var id = Id("stale-write");
        var current = await CreateAsync(id, new ContractState { Number = 1 });
        var staleETag = current.ETag;
        current.State.Number = 2;
        await storage.WriteStateAsync(StateName, id, current);

        var stale = new HeldState(new ContractState { Number = 99 }, staleETag, recordExists: true);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, stale));

        var read = await ReadAsync(id);
        Assert.Equal(2, read.State.Number);
        Assert.Equal(current.ETag, read.ETag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_rejected_and_changes_nothing()
    {
        var id = Id("stale-clear");
        var current = await CreateAsync(id, new ContractState { Number = 1 });
        var staleETag = current.ETag;
        current.State.Number = 2;
        await storage.WriteStateAsync(StateName, id, current);

        var stale = new HeldState(new ContractState(), staleETag, recordExists: true);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, id, stale));

        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal(2, read.State.Number);
    }

    [Fact]
    public async Task Creating_a_record_that_another_writer_created_is_rejected()
    {
        var id = Id("second-creator");
        await CreateAsync(id, new ContractState { Text = "first" });

        var second = new HeldState(new ContractState { Text = "second" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, id, second));

        Assert.Equal("first", (await ReadAsync(id)).State.Text);
    }

    [Fact]
    public async Task Of_two_concurrent_creators_exactly_one_wins()
    {
        for (var round = 0; round < 10; round++)
        {
            var id = Id($"race-create-{round}");
            var winner = await RaceAsync(id, etag: null, recordExists: false);
            Assert.Equal(winner, (await ReadAsync(id)).State.Text);
        }
    }

    [Fact]
    public async Task Of_two_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        for (var round = 0; round < 10; round++)
        {
            var id = Id($"race-update-{round}");
            var created = await CreateAsync(id, new ContractState { Text = "created" });
            var winner = await RaceAsync(id, created.ETag, recordExists: true);
            Assert.Equal(winner, (await ReadAsync(id)).State.Text);
        }
    }

    [Fact]
    public async Task Many_grains_writing_at_once_each_keep_their_own_last_write()
    {
        var ids = Enumerable.Range(0, 64).Select(i => Id($"many-{i}")).ToArray();

        var finals = await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            var state = new HeldState(new ContractState());
            for (var n = 1; n <= 5; n++)
            {
                state.State.Text = id.ToString();
                state.State.Number = n;
                await storage.WriteStateAsync(StateName, id, state);
            }

            return state.ETag;
        })));

        for (var i = 0; i < ids.Length; i++)
        {
            var read = await ReadAsync(ids[i]);
            Assert.Equal((ids[i].ToString(), 5L, finals[i]), (read.State.Text, read.State.Number, read.ETag));
        }
    }

    [Fact]
    public async Task A_cleared_record_reads_as_missing_and_can_be_written_again()
    {
        var id = Id("clear");
        var state = await CreateAsync(id, new ContractState { Text = "before", Number = 5 });

        await storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Number);
        var cleared = await ReadAsync(id);
        Assert.False(cleared.RecordExists);
        Assert.Equal(0, cleared.State.Number);
        Assert.Equal(state.ETag, cleared.ETag);

        state.State = new ContractState { Text = "after", Number = 7 };
        await storage.WriteStateAsync(StateName, id, state);

        var read = await ReadAsync(id);
        Assert.True(read.RecordExists);
        Assert.Equal("after", read.State.Text);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Clearing_a_missing_record_is_a_no_op()
    {
        var id = Id("clear-missing");
        var state = new HeldState(new ContractState());

        await storage.ClearStateAsync(StateName, id, state);

        Assert.False(state.RecordExists);
        Assert.False((await ReadAsync(id)).RecordExists);
    }

    [Fact]
    public async Task A_one_megabyte_state_reads_back_intact()
    {
        var id = Id("large");
        var blob = new byte[1 << 20];
        new Random(20_251).NextBytes(blob);
        await CreateAsync(id, new ContractState { Blob = blob });

        var read = await ReadAsync(id);

        Assert.Equal(blob, read.State.Blob);
    }

    [Theory]
    [MemberData(nameof(OddKeys))]
    public async Task An_odd_string_key_reads_back(string key)
    {
        var id = Id(key);
        await CreateAsync(id, new ContractState { Text = key });

        Assert.Equal(key, (await ReadAsync(id)).State.Text);
    }

    [Fact]
    public async Task Distinct_keys_never_share_a_record()
    {
        var type = GrainType.Create($"{_typePrefix}.keys");
        var guid = Guid.Parse("0c2f8e51-9a53-4b27-8d4e-46f5a4b4c1de");
        var ids = new List<GrainId>
        {
            // Keys that Orleans' ADO.NET provider would map to one row: a hexadecimal-looking string key with and
            // without a leading zero, a string key that spells a GUID, and GUID and integer keys with extensions.
            GrainId.Create(type, "20235"),
            GrainId.Create(type, "020235"),
            GrainId.Create(type, guid.ToString("N")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "ext")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateGuidKey(guid, "ext2")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(7, "ext")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(7, "ext'); --")),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(7)),
            GrainId.Create(type, GrainIdKeyExtensions.CreateIntegerKey(-7)),
            GrainId.Create(type, new string('x', 5_000) + "1"),
            GrainId.Create(type, new string('x', 5_000) + "2"),
        };

        foreach (var id in ids) await CreateAsync(id, new ContractState { Text = id.ToString() });

        foreach (var id in ids) Assert.Equal(id.ToString(), (await ReadAsync(id)).State.Text);
    }

    [Fact]
    public async Task Two_grain_types_with_the_same_key_are_kept_apart()
    {
        var account = GrainId.Create(GrainType.Create($"{_typePrefix}.account"), "alice");
        var wallet = GrainId.Create(GrainType.Create($"{_typePrefix}.wallet"), "alice");

        await CreateAsync(account, new ContractState { Text = "account" });
        await CreateAsync(wallet, new ContractState { Text = "wallet" });

        Assert.Equal("account", (await ReadAsync(account)).State.Text);
        Assert.Equal("wallet", (await ReadAsync(wallet)).State.Text);
    }

    [Fact]
    public async Task Two_states_of_one_grain_are_kept_apart()
    {
        var id = Id("two-states");
        var balance = new HeldState(new ContractState { Text = "balance" });
        var history = new HeldState(new ContractState { Text = "history" });

        await storage.WriteStateAsync("balance", id, balance);
        await storage.WriteStateAsync("history", id, history);

        var read = new HeldState(new ContractState());
        await storage.ReadStateAsync("balance", id, read);
        Assert.Equal("balance", read.State.Text);
        await storage.ReadStateAsync("history", id, read);
        Assert.Equal("history", read.State.Text);
    }

    private GrainId Id(string key) => GrainId.Create(GrainType.Create(_typePrefix), key);

    private async Task<HeldState> CreateAsync(GrainId id, ContractState value)
    {
        var state = new HeldState(value);
        await storage.WriteStateAsync(StateName, id, state);
        return state;
    }

    private async Task<HeldState> ReadAsync(GrainId id)
    {
        // A sentinel, so that a store which leaves the state untouched on a missing record is caught.
        var state = new HeldState(new ContractState { Text = "unread", Number = -1 });
        await storage.ReadStateAsync(StateName, id, state);
        return state;
    }

    /// <summary>Two writers with the same ETag at once; asserts one won and one was told of the conflict.</summary>
    private async Task<string> RaceAsync(GrainId id, string? etag, bool recordExists)
    {
        var outcomes = await Task.WhenAll(Attempt("left"), Attempt("right"));

        Assert.Single(outcomes, o => o.Won);
        Assert.Single(outcomes, o => o.Error is InconsistentStateException);
        return outcomes.Single(o => o.Won).Text;

        Task<(string Text, bool Won, Exception? Error)> Attempt(string text) => Task.Run(async () =>
        {
            var state = new HeldState(new ContractState { Text = text }, etag, recordExists);
            try
            {
                await storage.WriteStateAsync(StateName, id, state);
                return (text, true, (Exception?)null);
            }
            catch (Exception e)
            {
                return (text, false, e);
            }
        });
    }
}
