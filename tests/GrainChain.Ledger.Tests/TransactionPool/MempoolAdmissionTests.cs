using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.TransactionPool;

using GrainChain.Ledger.TransactionPool;

public sealed class MempoolAdmissionTests : IDisposable
{
    private readonly MempoolTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void A_valid_transfer_is_added_and_counted()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();
        var tx = MempoolTestKit.Transfer(alice, 0, fee: 100);

        var result = pool.Add(tx);

        Assert.Equal(MempoolAdmissionOutcome.Added, result.Outcome);
        Assert.Equal(MempoolRejectReason.None, result.Reason);
        Assert.True(pool.Contains(tx.Id));
        Assert.Equal(1, pool.Count);
        Assert.Equal(Transaction.TransferSize, pool.Bytes);
        Assert.Equal(1UL, pool.NextNonceOf(alice.Address));
    }

    [Fact]
    public void Resubmitting_the_same_transaction_is_idempotent()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();
        var tx = MempoolTestKit.Transfer(alice, 0, fee: 100);
        pool.Add(tx);

        var again = pool.Add(Transaction.Decode(tx.ToArray()));

        Assert.Equal(MempoolAdmissionOutcome.AlreadyPresent, again.Outcome);
        Assert.True(again.IsAccepted);
        Assert.Equal(1, pool.Count);
        Assert.Equal([tx], pool.PendingOf(alice.Address));
    }

    [Fact]
    public void A_coinbase_is_refused()
    {
        var pool = _kit.Pool();
        var coinbase = Transaction.CreateCoinbase(MempoolTestKit.ChainId, MempoolTestKit.Recipient, new Amount(5), 1);

        AssertRejected(pool.Add(coinbase), MempoolRejectReason.NotATransfer);
    }

    [Fact]
    public void A_transfer_for_another_chain_is_refused()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();

        var result = pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 100, chainId: MempoolTestKit.ChainId + 1));

        AssertRejected(result, MempoolRejectReason.WrongChain);
        Assert.Contains("chain 8", result.Message);
    }

    [Fact]
    public void An_unsigned_or_forged_transfer_is_refused_and_leaves_no_trace()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();
        var unsigned = Transaction.CreateTransfer(
            MempoolTestKit.ChainId, alice.PublicKey, MempoolTestKit.Recipient, new Amount(10), new Amount(1), 0);
        var genuine = MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 10);
        var forged = Transaction.CreateTransfer(
            MempoolTestKit.ChainId, alice.PublicKey, MempoolTestKit.Recipient, new Amount(900), new Amount(100), 0)
            .WithSignature(genuine.Signature);

        AssertRejected(pool.Add(unsigned), MempoolRejectReason.BadSignature);
        AssertRejected(pool.Add(forged), MempoolRejectReason.BadSignature);
        Assert.Equal(0, pool.Count);
        Assert.Equal(0UL, pool.NextNonceOf(alice.Address));
        Assert.Equal(MempoolAdmissionOutcome.Added, pool.Add(genuine).Outcome);
    }

    [Fact]
    public void A_nonce_already_used_at_the_tip_is_too_low()
    {
        var alice = _kit.Account(nextNonce: 3);
        var pool = _kit.Pool();

        var result = pool.Add(MempoolTestKit.Transfer(alice, 2, fee: 100));

        AssertRejected(result, MempoolRejectReason.NonceTooLow);
        Assert.Contains("next nonce at the tip is 3", result.Message);
    }

    [Fact]
    public void A_nonce_that_leaves_a_gap_is_too_high_counting_pending_ones()
    {
        var alice = _kit.Account(nextNonce: 3);
        var pool = _kit.Pool();

        AssertRejected(pool.Add(MempoolTestKit.Transfer(alice, 4, fee: 100)), MempoolRejectReason.NonceTooHigh);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 3, fee: 100)).IsAccepted);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 4, fee: 100)).IsAccepted);
        var gap = pool.Add(MempoolTestKit.Transfer(alice, 6, fee: 100));

        AssertRejected(gap, MempoolRejectReason.NonceTooHigh);
        Assert.Contains("next nonce is 5", gap.Message);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void A_transfer_costing_more_than_the_balance_is_refused()
    {
        var alice = _kit.Account(balance: 1_000);
        var pool = _kit.Pool();

        AssertRejected(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1, amount: 1_000)), MempoolRejectReason.InsufficientFunds);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1, amount: 999)).IsAccepted);
    }

    [Fact]
    public void The_balance_must_cover_every_pending_transfer_of_the_sender()
    {
        var alice = _kit.Account(balance: 1_000);
        var pool = _kit.Pool();
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 500)).IsAccepted);

        var second = pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 100, amount: 301));

        AssertRejected(second, MempoolRejectReason.InsufficientFunds);
        Assert.Contains("1 pending", second.Message);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 100, amount: 300)).IsAccepted);
    }

    [Fact]
    public void A_sender_cannot_queue_more_than_the_per_sender_limit()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool(new MempoolOptions { MaxPendingPerSender = 2 });
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 100));
        pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 100));

        AssertRejected(pool.Add(MempoolTestKit.Transfer(alice, 2, fee: 100)), MempoolRejectReason.SenderLimitReached);
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void A_replacement_needs_at_least_ten_percent_more_fee()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();
        var original = MempoolTestKit.Transfer(alice, 0, fee: 1_000, amount: 10);
        pool.Add(original);
        pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 1_000, amount: 10));

        var cheap = pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1_099, amount: 20));
        var enough = MempoolTestKit.Transfer(alice, 0, fee: 1_100, amount: 30);
        var replaced = pool.Add(enough);

        AssertRejected(cheap, MempoolRejectReason.ReplacementUnderpriced);
        Assert.Equal(MempoolAdmissionOutcome.Replaced, replaced.Outcome);
        Assert.Same(original, replaced.Replaced);
        Assert.False(pool.Contains(original.Id));
        Assert.Equal(enough, pool.PendingOf(alice.Address)[0]);
        Assert.Equal(2, pool.Count);
        Assert.Equal(2 * Transaction.TransferSize, pool.Bytes);
    }

    [Fact]
    public void A_zero_fee_cannot_be_replaced_by_another_zero_fee()
    {
        var alice = _kit.Account();
        var pool = _kit.Pool();
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 0, amount: 10));

        AssertRejected(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 0, amount: 11)), MempoolRejectReason.ReplacementUnderpriced);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1, amount: 11)).IsAccepted);
    }

    [Fact]
    public void A_replacement_must_keep_the_whole_sequence_funded()
    {
        var alice = _kit.Account(balance: 1_000);
        var pool = _kit.Pool();
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 100, amount: 300));
        pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 100, amount: 400));

        // 600 + 500 for the sequence exceeds 1,000 although the replacement alone is affordable.
        var result = pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 200, amount: 400));

        AssertRejected(result, MempoolRejectReason.InsufficientFunds);
        Assert.Equal(100, pool.PendingOf(alice.Address)[0].Fee.Units);
        Assert.True(pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 200, amount: 200)).IsAccepted);
    }

    private static void AssertRejected(MempoolAdmission result, MempoolRejectReason reason)
    {
        Assert.Equal(MempoolAdmissionOutcome.Rejected, result.Outcome);
        Assert.False(result.IsAccepted);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }
}
