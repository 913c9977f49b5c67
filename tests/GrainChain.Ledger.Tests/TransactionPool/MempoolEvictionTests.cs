using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.TransactionPool;

using GrainChain.Ledger.TransactionPool;

public sealed class MempoolEvictionTests : IDisposable
{
    private readonly MempoolTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void When_full_a_better_paying_transfer_evicts_the_cheapest_sequence_tail()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var carol = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 3 });
        var a0 = MempoolTestKit.Transfer(alice, 0, fee: 100);
        var a1 = MempoolTestKit.Transfer(alice, 1, fee: 5);
        var b0 = MempoolTestKit.Transfer(bob, 0, fee: 50);
        foreach (var tx in new[] { a0, a1, b0 }) pool.Add(tx);

        var c0 = MempoolTestKit.Transfer(carol, 0, fee: 20);
        var result = pool.Add(c0);

        Assert.Equal(MempoolAdmissionOutcome.Added, result.Outcome);
        Assert.Equal(new[] { a1 }, result.Evicted.AsEnumerable());
        Assert.Equal(3, pool.Count);
        Assert.Equal([a0], pool.PendingOf(alice.Address));
        Assert.True(pool.Contains(c0.Id));
    }

    [Fact]
    public void When_full_a_transfer_paying_no_more_than_the_cheapest_tail_is_refused()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 2 });
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 30));
        pool.Add(MempoolTestKit.Transfer(bob, 0, fee: 40));

        var result = pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 30));

        Assert.Equal(MempoolRejectReason.PoolFull, result.Reason);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void A_cheap_transfer_inside_a_sequence_is_not_evicted_because_that_would_leave_a_gap()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 3 });
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1));
        pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 100));
        pool.Add(MempoolTestKit.Transfer(bob, 0, fee: 50));

        // a0 is the cheapest of all but not a tail; the cheapest tail (b0, 50) pays more than the newcomer.
        var refused = pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 20));
        var admitted = pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 60));

        Assert.Equal(MempoolRejectReason.PoolFull, refused.Reason);
        Assert.Equal(MempoolAdmissionOutcome.Added, admitted.Outcome);
        Assert.Empty(pool.PendingOf(bob.Address));
        Assert.Equal(2, pool.PendingOf(alice.Address).Count);
    }

    [Fact]
    public void The_incoming_senders_own_tail_is_never_evicted_for_it()
    {
        var alice = _kit.Account();
        var bob = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 2 });
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 10));
        pool.Add(MempoolTestKit.Transfer(bob, 0, fee: 100));

        var result = pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 50));

        Assert.Equal(MempoolRejectReason.PoolFull, result.Reason);
        Assert.Single(pool.PendingOf(alice.Address));
        Assert.Single(pool.PendingOf(bob.Address));
    }

    [Fact]
    public void A_refused_transfer_costs_no_signature_check_when_the_pool_cannot_take_it()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxTransactions = 1 });
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 100));
        var bob = _kit.Account();
        var genuine = MempoolTestKit.Transfer(bob, 0, fee: 10);
        var badlySigned = Transaction.CreateTransfer(
            MempoolTestKit.ChainId, bob.PublicKey, MempoolTestKit.Recipient, new Primitives.Amount(5), new Primitives.Amount(10), 0)
            .WithSignature(genuine.Signature);

        // Capacity is judged before the signature, so the answer is "full", not "bad signature".
        Assert.Equal(MempoolRejectReason.PoolFull, pool.Add(badlySigned).Reason);
    }

    [Fact]
    public void The_byte_bound_is_enforced_like_the_count_bound()
    {
        var pool = _kit.Pool(new MempoolOptions { MaxBytes = 2 * Transaction.TransferSize + 100 });
        for (var fee = 1; fee <= 5; fee++) pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: fee * 10));

        Assert.Equal(2, pool.Count);
        Assert.True(pool.Bytes <= pool.Options.MaxBytes);
        Assert.Equal([50L, 40L], pool.SelectForBlock(10, long.MaxValue).Select(tx => tx.Fee.Units));
    }
}
