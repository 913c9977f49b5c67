using FsCheck;
using FsCheck.Fluent;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.TransactionPool;

using GrainChain.Ledger.TransactionPool;

/// <summary>
/// Random admissions, block connections and disconnections against random bounds; after every step the pool must
/// be within its bounds, gap-free and funded, and a template built from it must apply cleanly to the tip.
/// </summary>
public sealed class MempoolProperties : IDisposable
{
    private const int Senders = 5;

    private readonly KeyPair[] _keys = Enumerable.Range(0, Senders).Select(_ => KeyPair.Generate()).ToArray();
    private readonly SignatureVerifier _verifier = new();

    public void Dispose()
    {
        foreach (var key in _keys) key.Dispose();
        _verifier.Dispose();
    }

    /// <summary>One action: 0-7 offer a transfer, 8 mine a block from the pool, 9 undo the last mined block.</summary>
    public sealed record Step(int Action, int Sender, int NonceShift, int Fee, int Amount, int BlockSlots);

    public sealed record Scenario(int MaxTransactions, int MaxBytes, int MaxPerSender, int[] Balances, Step[] Steps)
    {
        public override string ToString() =>
            $"max {MaxTransactions} tx / {MaxBytes} B / {MaxPerSender} per sender, balances [{string.Join(", ", Balances)}], " +
            $"steps [{string.Join(", ", Steps.Select(s => s.ToString()))}]";
    }

    private static Gen<Scenario> Scenarios()
    {
        var step =
            from action in Gen.Choose(0, 9)
            from sender in Gen.Choose(0, Senders - 1)
            from shift in Gen.Elements(-2, -1, 0, 0, 0, 0, 1)
            from fee in Gen.Choose(0, 400)
            from amount in Gen.Choose(0, 3_000)
            from slots in Gen.Choose(1, 5)
            select new Step(action, sender, shift, fee, amount, slots);
        return
            from maxTx in Gen.Choose(1, 8)
            from maxBytesTx in Gen.Choose(1, 8)
            from slack in Gen.Choose(0, Transaction.TransferSize - 1)
            from perSender in Gen.Choose(1, 4)
            from balances in Gen.ArrayOf(Gen.Choose(0, 12_000), Senders)
            from steps in Gen.ArrayOf(step)
            select new Scenario(maxTx, maxBytesTx * Transaction.TransferSize + slack, perSender, balances, steps);
    }

    [Fact]
    public void The_pool_stays_bounded_gap_free_and_funded_and_its_templates_are_valid()
    {
        Check.QuickThrowOnFailure(Prop.ForAll(Arb.From(Scenarios()), (Scenario scenario) => Run(scenario)));
    }

    private void Run(Scenario scenario)
    {
        var options = new MempoolOptions
        {
            MaxTransactions = scenario.MaxTransactions,
            MaxBytes = scenario.MaxBytes,
            MaxPendingPerSender = scenario.MaxPerSender,
        };
        var view = new DictionaryAccountView();
        for (var i = 0; i < Senders; i++) view.With(_keys[i].Address, scenario.Balances[i]);
        var pool = new Mempool(MempoolTestKit.ChainId, options, _verifier, view);
        var mined = new Stack<(Block Block, DictionaryAccountView Before)>();
        long height = 1;

        foreach (var step in scenario.Steps)
        {
            if (step.Action < 8)
            {
                Offer(pool, step);
            }
            else if (step.Action == 8)
            {
                var chain = MempoolTestKit.Chain with { MaxBlockTransactions = step.BlockSlots + 1 };
                var template = new BlockTemplateBuilder(chain).Build(Hash256.Zero, height++, 1, 1, MempoolTestKit.Recipient, pool);
                var block = template.ToBlock(template.Coinbase, 0);
                var next = view.Clone();
                next.Apply(block);
                mined.Push((block, view));
                pool.OnBlockConnected(block, next);
                view = next;
            }
            else if (mined.TryPop(out var last))
            {
                pool.OnBlocksDisconnected([last.Block], last.Before);
                view = last.Before;
                height--;
            }
            AssertInvariants(pool, view, options);
        }
    }

    private void Offer(Mempool pool, Step step)
    {
        var key = _keys[step.Sender];
        var nonce = (long)pool.NextNonceOf(key.Address) + step.NonceShift;
        if (nonce < 0) nonce = 0;
        var tx = MempoolTestKit.Transfer(key, (ulong)nonce, step.Fee, step.Amount);
        var before = pool.Snapshot();

        var result = pool.Add(tx);

        if (result.IsAccepted)
        {
            Assert.True(pool.Contains(tx.Id), $"accepted but absent: {result}");
        }
        else
        {
            Assert.NotEqual(MempoolRejectReason.None, result.Reason);
            Assert.Equal(before, pool.Snapshot());
        }
    }

    private void AssertInvariants(Mempool pool, DictionaryAccountView view, MempoolOptions options)
    {
        var all = pool.Snapshot();
        Assert.True(pool.Count <= options.MaxTransactions, $"{pool.Count} transactions exceed {options.MaxTransactions}");
        Assert.True(pool.Bytes <= options.MaxBytes, $"{pool.Bytes} bytes exceed {options.MaxBytes}");
        Assert.Equal(all.Count, pool.Count);
        Assert.Equal(all.Sum(tx => (long)tx.EncodedSize), pool.Bytes);

        var held = 0;
        foreach (var key in _keys)
        {
            var pending = pool.PendingOf(key.Address);
            held += pending.Count;
            Assert.True(pending.Count <= options.MaxPendingPerSender);
            var first = view.NextNonceOf(key.Address);
            long cost = 0;
            for (var i = 0; i < pending.Count; i++)
            {
                Assert.Equal(first + (ulong)i, pending[i].Nonce);
                cost += pending[i].Amount.Units + pending[i].Fee.Units;
            }
            Assert.True(cost <= view.BalanceOf(key.Address).Units, "a pending sequence is not funded");
            Assert.Equal(first + (ulong)pending.Count, pool.NextNonceOf(key.Address));
        }
        Assert.Equal(pool.Count, held);

        var template = new BlockTemplateBuilder(MempoolTestKit.Chain).Build(Hash256.Zero, 1, 1, 1, MempoolTestKit.Recipient, pool);
        var block = template.ToBlock(template.Coinbase, 0);
        Assert.Equal(pool.Count, template.Transactions.Length);
        Assert.Equal(block.ComputeMerkleRoot(), template.Header.MerkleRoot);
        Assert.Equal(MempoolTestKit.Chain.RewardAt(1).Units + template.Transactions.Sum(tx => tx.Fee.Units), template.Coinbase.Amount.Units);
        Assert.Null(view.Clone().TryApply(block.Transactions));
    }
}
