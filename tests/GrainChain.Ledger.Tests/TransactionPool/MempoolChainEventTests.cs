using GrainChain.Ledger.TransactionPool;

namespace GrainChain.Ledger.Tests.TransactionPool;

public sealed class MempoolChainEventTests : IDisposable
{
    private readonly MempoolTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void A_connected_block_removes_its_transactions_and_keeps_the_rest_in_order()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool();
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 100);
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 100);
        foreach (var tx in new[] { a0, a1, b0 }) pool.Add(tx);
        var block = MempoolTestKit.BlockOf(a0, b0);
        _kit.View.Apply(block);

        var dropped = pool.OnBlockConnected(block, _kit.View);

        Assert.Empty(dropped);
        Assert.Equal(1, pool.Count);
        Assert.Equal([a1], pool.PendingOf(alice.Address));
        Assert.False(pool.Contains(a0.Id));
        Assert.False(pool.Contains(b0.Id));
        Assert.Equal(2UL, pool.NextNonceOf(alice.Address));
    }

    [Fact]
    public void A_connected_block_drops_conflicting_and_now_unfunded_transfers()
    {
        var alice = _kit.Account(balance: 1_000);
        var bob = _kit.Account(balance: 1_000);
        var pool = _kit.Pool();
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 300);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 100, amount: 300);
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 100, amount: 300);
        var b1 = MempoolTestKit.Transfer(bob, 1, fee: 100, amount: 300);
        foreach (var tx in new[] { a0, a1, b0, b1 }) pool.Add(tx);
        // Another node mined different spends of the same nonces: alice's leaves 100, not enough for a1;
        // bob's is cheap, so b1 still fits.
        var rivalA0 = MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 800);
        var rivalB0 = MempoolTestKit.Transfer(bob, 0, fee: 10, amount: 10);
        var block = MempoolTestKit.BlockOf(rivalA0, rivalB0);
        _kit.View.Apply(block);

        var dropped = pool.OnBlockConnected(block, _kit.View);

        Assert.Equal([a0, a1, b0], dropped.OrderBy(tx => tx == a0 ? 0 : tx == a1 ? 1 : 2));
        Assert.Empty(pool.PendingOf(alice.Address));
        Assert.Equal([b1], pool.PendingOf(bob.Address));
    }

    [Fact]
    public void Transactions_of_a_disconnected_block_return_in_nonce_order_ahead_of_later_pending_ones()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool();
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 100);
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 100);
        foreach (var tx in new[] { a0, a1, b0 }) pool.Add(tx);
        var before = _kit.View.Clone();
        var block = MempoolTestKit.BlockOf(a0, a1, b0);
        _kit.View.Apply(block);
        pool.OnBlockConnected(block, _kit.View);
        var a2 = MempoolTestKit.Transfer(alice, 2, fee: 100);
        Assert.True(pool.Add(a2).IsAccepted);
        Assert.Equal(1, pool.Count);

        var lost = pool.OnBlocksDisconnected([block], before);

        Assert.Empty(lost);
        Assert.Equal([a0, a1, a2], pool.PendingOf(alice.Address));
        Assert.Equal([b0], pool.PendingOf(bob.Address));
        Assert.Equal(4, pool.Count);
    }

    [Fact]
    public void Re_admission_skips_transfers_the_new_tip_already_spent()
    {
        var alice = _kit.Account(balance: 1_000);
        var pool = _kit.Pool();
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 100);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 100, amount: 100);
        var a2 = MempoolTestKit.Transfer(alice, 2, fee: 100, amount: 500);
        // The winning branch spent nonce 0 differently and left 400: a1 (200) fits, a2 (600) does not.
        var newTip = new DictionaryAccountView().With(alice.Address, balance: 400, nextNonce: 1);

        var lost = pool.ReAdmit([a2, a1, a0], newTip);

        Assert.Equal([a1], pool.PendingOf(alice.Address));
        Assert.Equal(2, lost.Count);
        Assert.Contains(a0, lost);
        Assert.Contains(a2, lost);
    }

    [Fact]
    public void Re_admission_respects_the_bounds_by_evicting_the_cheapest_tails()
    {
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 2 });
        var transfers = Enumerable.Range(1, 4).Select(i => MempoolTestKit.Transfer(_kit.Account(), 0, fee: i * 10)).ToList();

        var lost = pool.ReAdmit(transfers, _kit.View);

        Assert.Equal(2, pool.Count);
        Assert.Equal([transfers[3], transfers[2]], pool.SelectForBlock(10, long.MaxValue));
        Assert.Equal(2, lost.Count);
    }

    [Fact]
    public void A_snapshot_fed_back_through_re_admission_restores_the_pool()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool();
        foreach (var tx in new[]
                 {
                     MempoolTestKit.Transfer(alice, 0, fee: 30), MempoolTestKit.Transfer(bob, 0, fee: 20),
                     MempoolTestKit.Transfer(alice, 1, fee: 10),
                 })
            pool.Add(tx);

        var restored = _kit.Pool();
        var lost = restored.ReAdmit(pool.Snapshot().Reverse(), _kit.View);

        Assert.Empty(lost);
        Assert.Equal(pool.SelectForBlock(10, long.MaxValue), restored.SelectForBlock(10, long.MaxValue));
    }
}
