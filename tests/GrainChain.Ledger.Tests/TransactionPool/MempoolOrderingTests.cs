using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.TransactionPool;

public sealed class MempoolOrderingTests : IDisposable
{
    private readonly MempoolTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void Selection_takes_the_best_fee_per_byte_first_but_keeps_each_senders_nonce_order()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var carol = _kit.Account();
        var pool = _kit.Pool();
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 10);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 1_000);
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 500);
        var b1 = MempoolTestKit.Transfer(bob, 1, fee: 20);
        var c0 = MempoolTestKit.Transfer(carol, 0, fee: 50);
        foreach (var tx in new[] { a0, a1, c0, b0, b1 }) Assert.True(pool.Add(tx).IsAccepted);

        var order = pool.SelectForBlock(int.MaxValue, long.MaxValue);

        // a1 pays the most but cannot precede a0, the cheapest; once a0 is taken a1 follows at once.
        Assert.Equal([b0, c0, b1, a0, a1], order);
    }

    [Fact]
    public void Equal_fee_rates_are_taken_in_arrival_order()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool();
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 100);
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100);
        pool.Add(b0);
        pool.Add(a0);

        Assert.Equal([b0, a0], pool.SelectForBlock(10, long.MaxValue));
    }

    [Fact]
    public void Selection_stops_at_the_count_and_byte_limits()
    {
        var pool = _kit.Pool();
        var transfers = Enumerable.Range(0, 5).Select(i => MempoolTestKit.Transfer(_kit.Account(), 0, fee: 100 + i)).ToList();
        foreach (var tx in transfers) pool.Add(tx);

        Assert.Equal([transfers[4], transfers[3]], pool.SelectForBlock(2, long.MaxValue));
        Assert.Equal([transfers[4], transfers[3], transfers[2]], pool.SelectForBlock(10, 3 * Transaction.TransferSize + 10));
        Assert.Empty(pool.SelectForBlock(0, long.MaxValue));
        Assert.Equal(5, pool.Count);
    }
}
