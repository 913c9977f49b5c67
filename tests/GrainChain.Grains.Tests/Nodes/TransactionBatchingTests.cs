using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Grains.Tests.Nodes;

/// <summary>
/// A node groups concurrent transaction submissions into batches for its chain: every caller still gets its own
/// verdict, for its own transaction, once the batch is persisted, and one sender's transfers keep their order.
/// </summary>
[Collection(NodeClusterCollection.Name)]
public sealed class TransactionBatchingTests(NodeClusterFixture fixture)
{
    private INodeGrain NewNode() => fixture.Client.GetGrain<INodeGrain>("batch-" + Guid.NewGuid().ToString("N")[..12]);

    private static Transaction Transfer(KeyPair from, Address to, long units, ulong nonce) =>
        TransactionSigner.Sign(
            Transaction.CreateTransfer(ChainParams.Test.ChainId, from.PublicKey, to, new Amount(units), new Amount(1), nonce), from);

    /// <summary>A node whose miner funded <paramref name="senders"/> fresh keys with 1,000 units each.</summary>
    private static async Task<(INodeGrain Node, KeyPair Miner, KeyPair[] Senders)> FundedAsync(INodeGrain node, int senders)
    {
        var miner = KeyPair.Generate();
        await node.CreateAsync(new NodeSettings("test", miner.Address));
        await node.MineAsync(1);
        var keys = Enumerable.Range(0, senders).Select(_ => KeyPair.Generate()).ToArray();
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.True((await node.SubmitTransactionAsync(Transfer(miner, keys[i].Address, 1_000, (ulong)i))).Accepted);
            // The miner is one sender too, with at most 64 pending transfers.
            if (i % 60 == 59) await node.MineAsync(1);
        }

        await node.MineAsync(1);
        return (node, miner, keys);
    }

    [Fact]
    public async Task Concurrent_submissions_from_many_senders_are_each_answered_for_their_own_transaction()
    {
        var (node, miner, senders) = await FundedAsync(NewNode(), 20);
        using var _ = miner;
        const int PerSender = 6;

        // Every sender sends its nonces in order, each after the previous answer; the senders all at once.
        var sent = senders.Select(async key =>
        {
            var answers = new List<(Hash256 Sent, TransactionSubmission Answer)>();
            for (var nonce = 0UL; nonce < PerSender; nonce++)
            {
                var transfer = Transfer(key, miner.Address, 1, nonce);
                answers.Add((transfer.Id, await node.SubmitTransactionAsync(transfer)));
            }

            return answers;
        }).ToList();
        var all = (await Task.WhenAll(sent)).SelectMany(a => a).ToList();

        Assert.Equal(senders.Length * PerSender, all.Count);
        Assert.All(all, a =>
        {
            Assert.True(a.Answer.Accepted, a.Answer.Message);
            Assert.Equal(a.Sent, a.Answer.TransactionId);
        });
        Assert.Equal(senders.Length * PerSender, (await node.GetStatusAsync()).PendingTransactions);
        foreach (var key in senders) key.Dispose();
    }

    [Fact]
    public async Task Concurrent_good_and_bad_transfers_get_their_own_verdicts()
    {
        var (node, miner, senders) = await FundedAsync(NewNode(), 3);
        using var _ = miner;
        var good = Transfer(senders[0], miner.Address, 10, 0);
        var gap = Transfer(senders[1], miner.Address, 10, 5);
        var broke = Transfer(senders[2], miner.Address, 1_000_000, 0);

        var answers = await Task.WhenAll(
            node.SubmitTransactionAsync(good), node.SubmitTransactionAsync(gap), node.SubmitTransactionAsync(broke));

        Assert.True(answers[0].Accepted);
        Assert.Equal(good.Id, answers[0].TransactionId);
        Assert.False(answers[1].Accepted);
        Assert.Equal("NonceTooHigh", answers[1].Reason);
        Assert.Equal(gap.Id, answers[1].TransactionId);
        Assert.False(answers[2].Accepted);
        Assert.Equal("InsufficientFunds", answers[2].Reason);
        Assert.Equal(1, (await node.GetStatusAsync()).PendingTransactions);
        foreach (var key in senders) key.Dispose();
    }

    [Fact]
    public async Task Concurrent_submissions_to_a_node_never_created_all_fail_as_not_found()
    {
        using var sender = KeyPair.Generate();
        using var recipient = KeyPair.Generate();
        var node = NewNode();

        var calls = Enumerable.Range(0, 5).Select(n => node.SubmitTransactionAsync(Transfer(sender, recipient.Address, 1, (ulong)n))).ToList();

        foreach (var call in calls) await Assert.ThrowsAsync<NodeNotFoundException>(() => call);
    }

    [Fact]
    public async Task More_submissions_than_one_batch_holds_are_all_taken()
    {
        // One transfer from each of 1,100 senders, all at once: more than the 1,000 a batch to the chain holds.
        var (node, miner, senders) = await FundedAsync(NewNode(), NodeGrainBatchLimit + 100);
        using var _ = miner;
        var transfers = senders.Select(key => Transfer(key, miner.Address, 1, 0)).ToList();

        var answers = await Task.WhenAll(transfers.Select(node.SubmitTransactionAsync));

        Assert.All(answers, a => Assert.True(a.Accepted, a.Message));
        Assert.Equal(transfers.Select(t => t.Id), answers.Select(a => a.TransactionId));
        Assert.Equal(transfers.Count, (await node.GetStatusAsync()).PendingTransactions);
        foreach (var key in senders) key.Dispose();
    }

    private const int NodeGrainBatchLimit = GrainChain.Grains.Nodes.NodeGrain.MaxSubmissionBatch;
}
