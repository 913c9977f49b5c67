using GrainChain.Hosting.Pending;
using static GrainChain.Hosting.Tests.Pending.TestPending;

namespace GrainChain.Hosting.Tests.Pending;

/// <summary>
/// What every pending transaction store must do: keep each node's rows apart, store an id once per node with the
/// bytes written first, remove what a write removes, and store nothing when an argument is bad. Run against each
/// store by a derived class; tests share the class's store and never a node (each names its nodes after an id of its
/// own).
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
    public async Task Written_rows_read_back()
    {
        var rows = Rows(_label, 300);
        rows.Add(Row($"{_label}/one-byte", size: 1));
        rows.Add(Row($"{_label}/large", size: 100_000));

        await Store.WriteAsync(Node(), rows[..150], []);
        await Store.WriteAsync(Node(), rows[150..], []);

        Assert.Equal(Sorted(rows), Sorted(await Store.ReadAsync(Node())));
    }

    [Fact]
    public async Task An_id_written_again_keeps_the_bytes_stored_first()
    {
        var row = Row(_label);
        var impostor = new PendingTransaction(row.Id, [1, 2, 3]);
        var other = Row($"{_label}/other");
        var otherImpostor = new PendingTransaction(other.Id, [4, 5, 6]);

        await Store.WriteAsync(Node(), [row], []);
        await Store.WriteAsync(Node(), [impostor, row], []);
        // Within one write too, the first occurrence is the one kept.
        await Store.WriteAsync(Node(), [other, otherImpostor, other], []);

        Assert.Equal(Sorted([row, other]), Sorted(await Store.ReadAsync(Node())));
    }

    [Fact]
    public async Task Removed_rows_are_gone_and_ids_not_held_are_ignored()
    {
        var rows = Rows(_label, 10);
        await Store.WriteAsync(Node(), rows, []);

        await Store.WriteAsync(Node(), [], [rows[0].Id, rows[5].Id, UnknownId(_label), rows[5].Id]);
        await Store.WriteAsync(Node(), [], [rows[9].Id]);

        Assert.Equal(Sorted(rows.Where((_, i) => i is not (0 or 5 or 9))), Sorted(await Store.ReadAsync(Node())));
    }

    [Fact]
    public async Task One_write_adds_and_removes_and_an_id_both_added_and_removed_ends_removed()
    {
        var rows = Rows(_label, 6);
        await Store.WriteAsync(Node(), rows[..3], []);

        // rows[1] is held and added again, rows[3] is new: both are removed by the same write.
        await Store.WriteAsync(Node(), rows[1..], [rows[0].Id, rows[1].Id, rows[3].Id]);

        Assert.Equal(Sorted([rows[2], rows[4], rows[5]]), Sorted(await Store.ReadAsync(Node())));
    }

    [Fact]
    public async Task A_removed_id_can_be_stored_again_with_new_bytes()
    {
        var row = Row(_label);
        var replacement = new PendingTransaction(row.Id, [7, 7, 7]);
        await Store.WriteAsync(Node(), [row], []);
        await Store.WriteAsync(Node(), [], [row.Id]);

        await Store.WriteAsync(Node(), [replacement], []);

        Assert.Equal([replacement], await Store.ReadAsync(Node()));
    }

    [Fact]
    public async Task Nodes_keep_their_rows_apart_even_under_the_same_id()
    {
        var shared = Row(_label);
        var sharedElsewhere = new PendingTransaction(shared.Id, [8, 8]);
        var own = Row($"{_label}/own");
        await Store.WriteAsync(Node("a"), [shared, own], []);
        await Store.WriteAsync(Node("b"), [sharedElsewhere], []);

        await Store.WriteAsync(Node("b"), [], [own.Id]);
        await Store.WriteAsync(Node("c"), [], [shared.Id]);

        Assert.Equal(Sorted([shared, own]), Sorted(await Store.ReadAsync(Node("a"))));
        Assert.Equal([sharedElsewhere], await Store.ReadAsync(Node("b")));
        Assert.Empty(await Store.ReadAsync(Node("c")));
        // Node names are compared exactly: neither case nor a prefix makes another node's rows visible.
        Assert.Empty(await Store.ReadAsync(Node("A")));
        Assert.Empty(await Store.ReadAsync(Node("a")[..^1]));
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
        var row = Row(_label);
        var held = Row($"{_label}/held");
        await Store.WriteAsync(Node(), [held], []);

        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(null!, [row], []));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync("", [row], []));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(Node(), null!, []));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.WriteAsync(Node(), [row], null!));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(Node(), [row, null!], [held.Id]));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.WriteAsync(Node(), [row], [held.Id, null!]));
        foreach (var length in new[] { 0, 31, 33 })
            await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(Node(), [row], [held.Id, new byte[length]]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Store.ReadAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(""));
        Assert.Throws<ArgumentException>(() => new PendingTransaction(new byte[31], [1]));
        Assert.Throws<ArgumentException>(() => new PendingTransaction(row.Id, []));
        Assert.Throws<ArgumentNullException>(() => new PendingTransaction(row.Id, null!));

        Assert.Equal([held], await Store.ReadAsync(Node()));
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
        var rows = Enumerable.Range(0, Tasks)
            .Select(t => Enumerable.Range(0, Writes).Select(w => Rows($"{_label}/{t}/{w}", RowsPerWrite)).ToArray())
            .ToArray();

        // Several tasks share each node; every write adds rows of its own and removes half of those its task added
        // the write before, so the writes of a task must apply in order for the expected rows to remain.
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var w = 0; w < Writes; w++)
            {
                List<byte[]> removed = w == 0 ? [] : rows[t][w - 1].Where((_, i) => i % 2 == 0).Select(r => r.Id).ToList();
                await Store.WriteAsync(Node($"n{t % Nodes}"), rows[t][w], removed);
            }
        })));

        for (var n = 0; n < Nodes; n++)
        {
            var expected = Enumerable.Range(0, Tasks).Where(t => t % Nodes == n)
                .SelectMany(t => rows[t].SelectMany((batch, w) => batch.Where((_, i) => w == Writes - 1 || i % 2 == 1)));
            Assert.Equal(Sorted(expected), Sorted(await Store.ReadAsync(Node($"n{n}"))));
        }
    }

    [Fact]
    public async Task A_large_write_lands_whole()
    {
        var rows = Rows(_label, 12_000, size: 100);

        await Store.WriteAsync(Node(), rows, []);
        await Store.WriteAsync(Node(), [], [.. rows.Skip(500).Select(r => r.Id)]);

        Assert.Equal(Sorted(rows.Take(500)), Sorted(await Store.ReadAsync(Node())));
    }

    [Fact]
    public async Task Rows_read_back_are_copies_the_caller_cannot_change_in_the_store()
    {
        var row = Row(_label);
        var expected = new PendingTransaction(row.Id.ToArray(), row.Bytes.ToArray());
        await Store.WriteAsync(Node(), [row], []);

        row.Bytes[0] ^= 0xFF;
        (await Store.ReadAsync(Node()))[0].Bytes[0] ^= 0xFF;

        Assert.Equal([expected], await Store.ReadAsync(Node()));
    }
}
