using GrainChain.Hosting.Pending;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>
/// What every pending transaction store must do: keep each node's rows apart, and each service's apart on a shared
/// database, read them back by sequence, store a sequence once per node with the row written first, remove what a
/// write removes, and store nothing when an argument is bad. Run against each store by a derived class; tests share
/// the class's database and store and never a node (each names its nodes after an id of its own).
/// </summary>
public abstract class PendingStoreContract(PendingStoreFixture fixture)
{
    // xUnit makes an instance per test.
    private readonly string _label = Guid.NewGuid().ToString("N");

    private IPendingTransactionStore Store => fixture.Store;

    private string Node(string name = "node") => $"{name}-{_label}";

    [Fact]
    public async Task A_node_that_never_wrote_reads_no_rows()
    {
        Assert.Empty(await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Written_rows_read_back_by_sequence_whatever_order_they_were_written_in()
    {
        var rows = Rows(_label, 300);
        rows.Add(Row($"{_label}/one-byte", 1_000, size: 1));
        rows.Add(Row($"{_label}/large", 1_001, size: 100_000));
        // The ends of the range, and sequences whose digits sort otherwise as text (9 < 10 < 100 only as numbers).
        rows.Add(Row($"{_label}/last", long.MaxValue));
        var shuffled = rows.OrderBy(r => r.Id[0]).ThenBy(r => r.Id[1]).ToList();

        await Store.WriteAsync(Node(), shuffled[..150], []);
        await Store.WriteAsync(Node(), shuffled[150..], []);

        Assert.Equal(BySequence(rows), await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task A_sequence_written_again_keeps_the_row_stored_first()
    {
        var row = Row(_label, 5);
        var impostor = Row($"{_label}/impostor", 5);
        var other = Row($"{_label}/other", 6);
        var otherImpostor = new PendingTransaction(6, Row($"{_label}/other-impostor").Id, [4, 5, 6]);

        await Store.WriteAsync(Node(), [row], []);
        await Store.WriteAsync(Node(), [impostor, row], []);
        // Within one write too, the first occurrence is the one kept.
        await Store.WriteAsync(Node(), [other, otherImpostor, other], []);

        Assert.Equal([row, other], await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Ids_are_not_keys_and_one_id_under_two_sequences_is_two_rows()
    {
        var row = Row(_label, 1);
        var again = new PendingTransaction(2, row.Id, row.Bytes);

        await Store.WriteAsync(Node(), [again, row], []);
        await Store.WriteAsync(Node(), [], [1]);

        Assert.Equal([again], await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Removed_rows_are_gone_and_sequences_not_held_are_ignored()
    {
        var rows = Rows(_label, 10);
        await Store.WriteAsync(Node(), rows, []);

        await Store.WriteAsync(Node(), [], [0, 5, 10, 1_000_000, 5]);
        await Store.WriteAsync(Node(), [], [9]);

        Assert.Equal(rows.Where(r => r.Sequence is not (0 or 5 or 9)), await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task One_write_adds_and_removes_and_a_sequence_both_added_and_removed_ends_removed()
    {
        var rows = Rows(_label, 6);
        await Store.WriteAsync(Node(), rows[..3], []);

        // Sequence 1 is held and added again, 3 is new: the same write removes both.
        await Store.WriteAsync(Node(), rows[1..], [0, 1, 3]);

        Assert.Equal([rows[2], rows[4], rows[5]], await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task A_removed_sequence_can_be_stored_again_with_another_row()
    {
        var row = Row(_label, 3);
        var replacement = Row($"{_label}/replacement", 3);
        await Store.WriteAsync(Node(), [row], []);
        await Store.WriteAsync(Node(), [], [3]);

        await Store.WriteAsync(Node(), [replacement], []);

        Assert.Equal([replacement], await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Nodes_keep_their_rows_apart_even_under_the_same_sequence()
    {
        var shared = Row(_label, 0);
        var sharedElsewhere = Row($"{_label}/elsewhere", 0);
        var own = Row($"{_label}/own", 1);
        await Store.WriteAsync(Node("a"), [shared, own], []);
        await Store.WriteAsync(Node("b"), [sharedElsewhere], []);

        await Store.WriteAsync(Node("b"), [], [1]);
        await Store.WriteAsync(Node("c"), [], [0]);

        Assert.Equal([shared, own], await Store.ReadAsync(Node("a")));
        Assert.Equal([sharedElsewhere], await Store.ReadAsync(Node("b")));
        Assert.Empty(await Store.ReadAsync(Node("c")));
        // Node names are compared exactly: neither case nor a prefix makes another node's rows visible.
        Assert.Empty(await Store.ReadAsync(Node("A")));
        Assert.Empty(await Store.ReadAsync(Node("a")[..^1]));
    }

    [Fact]
    public async Task Services_sharing_a_database_keep_their_own_rows_of_a_node_of_the_same_name()
    {
        var other = fixture.StoreFor($"other-{_label}");
        var sameService = fixture.StoreFor(fixture.ServiceId);
        var row = Row(_label, 0);
        var next = Row($"{_label}/next", 1);
        var otherRow = Row($"{_label}/other", 0);
        await Store.WriteAsync(Node(), [row, next], []);

        // The other service's node of the same name: removing its sequences 0 and 1 leaves this service's rows of
        // those sequences, and its own row of sequence 0 is stored beside this service's.
        await other.WriteAsync(Node(), [], [0, 1]);
        await other.WriteAsync(Node(), [otherRow], []);
        // A store of the same service id (another silo of the service) works on this service's rows.
        await sameService.WriteAsync(Node(), [], [1]);

        Assert.Equal([row], await Store.ReadAsync(Node()));
        Assert.Equal([row], await sameService.ReadAsync(Node()));
        Assert.Equal([otherRow], await other.ReadAsync(Node()));
        // Service ids are compared exactly, as node names are: a prefix sees no rows.
        Assert.Empty(await fixture.StoreFor(fixture.ServiceId[..^1]).ReadAsync(Node()));
    }

    [Fact]
    public async Task An_empty_write_changes_nothing()
    {
        var row = Row(_label);
        await Store.WriteAsync(Node(), [row], []);

        await Store.WriteAsync(Node(), [], []);
        await Store.WriteAsync(Node("empty"), [], []);

        Assert.Equal([row], await Store.ReadAsync(Node()));
        Assert.Empty(await Store.ReadAsync(Node("empty")));
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_stored()
    {
        var row = Row(_label, 1);
        var held = Row($"{_label}/held", 0);
        await Store.WriteAsync(Node(), [held], []);

        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(null!, [row], []));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("", [row], []));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(Node(), null!, []));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(Node(), [row], null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Node(), [row, null!], [0]));
        // A negative sequence after good ones: the good ones are not stored either.
        foreach (var negative in new[] { -1L, long.MinValue })
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.WriteAsync(Node(), [row], [0, negative]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(""));

        Assert.Equal([held], await Store.ReadAsync(Node()));
    }

    [Fact]
    public void A_row_with_a_negative_sequence_a_bad_id_or_no_bytes_cannot_be_made()
    {
        var row = Row(_label);

        Assert.Throws<ArgumentOutOfRangeException>(() => new PendingTransaction(-1, row.Id, row.Bytes));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PendingTransaction(long.MinValue, row.Id, row.Bytes));
        foreach (var length in new[] { 0, 31, 33 })
            Assert.Throws<ArgumentException>(() => new PendingTransaction(0, new byte[length], row.Bytes));
        Assert.Throws<ArgumentNullException>(() => new PendingTransaction(0, null!, row.Bytes));
        Assert.Throws<ArgumentException>(() => new PendingTransaction(0, row.Id, []));
        Assert.Throws<ArgumentNullException>(() => new PendingTransaction(0, row.Id, null!));
    }

    [Fact]
    public async Task A_cancelled_call_does_not_run()
    {
        var row = Row(_label);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(Node(), [row], [], cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ReadAsync(Node(), cancelled.Token));

        Assert.Empty(await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Concurrent_writes_from_many_tasks_all_land()
    {
        const int Tasks = 32;
        const int Nodes = 4;
        const int Writes = 20;
        const int RowsPerWrite = 6;
        // Each task numbers its rows in a range of its own, so the tasks sharing a node never share a sequence.
        var rows = Enumerable.Range(0, Tasks)
            .Select(t => Enumerable.Range(0, Writes)
                .Select(w => Rows($"{_label}/{t}/{w}", RowsPerWrite, first: ((long)t * Writes + w) * RowsPerWrite)).ToArray())
            .ToArray();

        // Several tasks share each node; every write adds rows of its own and removes half of those its task added
        // the write before, so the writes of a task must apply in order for the expected rows to remain.
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var w = 0; w < Writes; w++)
            {
                long[] removed = w == 0 ? [] : Sequences(rows[t][w - 1].Where((_, i) => i % 2 == 0));
                await Store.WriteAsync(Node($"n{t % Nodes}"), rows[t][w], removed);
            }
        })));

        for (var n = 0; n < Nodes; n++)
        {
            var expected = Enumerable.Range(0, Tasks).Where(t => t % Nodes == n)
                .SelectMany(t => rows[t].SelectMany((batch, w) => batch.Where((_, i) => w == Writes - 1 || i % 2 == 1)));
            Assert.Equal(BySequence(expected), await Store.ReadAsync(Node($"n{n}")));
        }
    }

    [Fact]
    public async Task A_large_write_lands_whole()
    {
        var rows = Rows(_label, 12_000, size: 100);

        // Written backwards: a store that splits a large write into statements must still keep every row.
        await Store.WriteAsync(Node(), Enumerable.Reverse(rows).ToList(), []);
        await Store.WriteAsync(Node(), [], Sequences(rows.Skip(500)));

        Assert.Equal(rows.Take(500), await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Rows_read_back_are_copies_the_caller_cannot_change_in_the_store()
    {
        var row = Row(_label, 4);
        var expected = new PendingTransaction(row.Sequence, row.Id.ToArray(), row.Bytes.ToArray());
        await Store.WriteAsync(Node(), [row], []);

        row.Bytes[0] ^= 0xFF;
        row.Id[0] ^= 0xFF;
        var read = (await Store.ReadAsync(Node()))[0];
        read.Bytes[0] ^= 0xFF;
        read.Id[0] ^= 0xFF;

        Assert.Equal([expected], await Store.ReadAsync(Node()));
    }
}
