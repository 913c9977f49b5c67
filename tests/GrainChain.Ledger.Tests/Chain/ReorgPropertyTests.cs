using FsCheck;
using FsCheck.Fluent;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.State;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Validation;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Chain;

/// <summary>
/// Generated histories of competing branches (fork points, lengths, transfers among a few keys, some blocks that
/// overspend, some branches delivered backwards so they arrive as orphans) against a plain model of balances.
/// </summary>
public sealed class ReorgPropertyTests : IDisposable
{
    private readonly ChainParams _chain = ChainParams.Test;
    private readonly KeyPair[] _keys = [KeyPair.Generate(), KeyPair.Generate(), KeyPair.Generate()];
    private readonly Address[] _addresses;
    private int _reorganisations, _stateFailures, _adoptedOrphans;

    public ReorgPropertyTests()
    {
        // Three spending keys and one address nobody spends from.
        _addresses = [.. _keys.Select(k => k.Address), new Address(Enumerable.Repeat((byte)0x5A, Address.Size).ToArray())];
    }

    public void Dispose()
    {
        foreach (var key in _keys) key.Dispose();
    }

    private sealed record TransferSpec(int From, int To, int Percent, int Fee);

    private sealed record BlockSpec(TransferSpec[] Transfers, bool Overspends);

    private sealed record BranchSpec(int ForkPick, BlockSpec[] Blocks, bool Backwards);

    /// <summary>A built block with what the model says about it.</summary>
    private sealed record ModelBlock(Block Block, long Height, bool Valid, Dictionary<Address, (long Balance, ulong Nonce)> Accounts, int Batch);

    private static Gen<BranchSpec[]> Scenarios()
    {
        var transfer =
            from sender in Gen.Choose(0, 2)
            from to in Gen.Choose(0, 3)
            from percent in Gen.Choose(1, 70)
            from fee in Gen.Choose(0, 3)
            select new TransferSpec(sender, to, percent, fee);
        var block =
            from count in Gen.Choose(0, 3)
            from transfers in Gen.ArrayOf(transfer, count)
            from overspends in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new BlockSpec(transfers, overspends);
        var branch =
            from fork in Gen.Choose(0, 1_000)
            from length in Gen.Choose(1, 4)
            from blocks in Gen.ArrayOf(block, length)
            from backwards in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new BranchSpec(fork, blocks, backwards);
        return from count in Gen.Choose(1, 6)
               from branches in Gen.ArrayOf(branch, count)
               select branches;
    }

    [Fact]
    public void Accounts_always_equal_the_winning_branch_applied_from_genesis()
    {
        var property = Prop.ForAll(Scenarios().ToArbitrary(), RunScenario);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);

        // The generator must actually reach the interesting paths.
        Assert.True(_reorganisations > 0, "no reorganisation was generated");
        Assert.True(_stateFailures > 0, "no branch failed state validation");
        Assert.True(_adoptedOrphans > 0, "no orphan was adopted");
    }

    private void RunScenario(BranchSpec[] scenario)
    {
        using var node = new TestNode(_chain);
        var genesisAccounts = new Dictionary<Address, (long, ulong)> { [Address.Zero] = (_chain.RewardAt(0).Units, 0) };
        var built = new List<ModelBlock> { new(node.Genesis, 0, true, genesisAccounts, -1) };
        ulong extraNonce = 0;

        for (var batch = 0; batch < scenario.Length; batch++)
        {
            var spec = scenario[batch];
            var parent = built[spec.ForkPick % built.Count];
            var branch = new List<ModelBlock>();
            foreach (var blockSpec in spec.Blocks)
            {
                parent = Build(parent, blockSpec, ++extraNonce, batch);
                branch.Add(parent);
            }
            built.AddRange(branch);

            var order = spec.Backwards ? Enumerable.Reverse(branch) : branch;
            foreach (var model in order)
            {
                var outcome = node.Accept(model.Block);
                if (outcome.Kind == BlockAcceptanceKind.Reorganized) _reorganisations++;
                if (outcome.Kind == BlockAcceptanceKind.Invalid &&
                    (outcome.Verdict.Reason == BlockRejectReason.InsufficientBalance ||
                     outcome.Verdict.Message.Contains(nameof(BlockRejectReason.InsufficientBalance), StringComparison.Ordinal)))
                    _stateFailures++;
                _adoptedOrphans += outcome.AdoptedOrphans.Length;
                AssertAccountsMatch(built, node);
            }
        }

        var expected = ExpectedTip(built);
        Assert.Equal(expected.Block.Hash, node.State.Tip.Hash);
        Assert.Equal(expected.Height, node.State.Height);
        Assert.Equal(0, node.State.OrphanCount);

        // Replaying the best chain from genesis on a fresh state gives the same accounts.
        var replay = new AccountState();
        decimal minted = 0, fees = 0;
        for (var height = 0; height <= node.State.Height; height++)
        {
            var block = node.State.GetBlockAtHeight(height)!;
            Assert.True(replay.TryConnect(block, height, _chain, out _).IsValid);
            minted += block.Transactions[0].Amount.Units;
            fees += block.Transactions.Skip(1).Sum(t => t.Fee.Units);
        }
        Assert.Equal(replay.ToImmutable(), node.State.SnapshotAccounts());

        // Coins only come from coinbases; fees leave senders and come back inside the coinbase that collects them.
        var total = node.State.SnapshotAccounts().Values.Sum(a => (decimal)a.Balance.Units);
        Assert.Equal(minted - fees, total);
    }

    private ModelBlock Build(ModelBlock parent, BlockSpec spec, ulong extraNonce, int batch)
    {
        var accounts = new Dictionary<Address, (long Balance, ulong Nonce)>(parent.Accounts);
        var transfers = new List<Transaction>();
        foreach (var t in spec.Transfers)
        {
            var key = _keys[t.From];
            var (balance, nonce) = accounts.GetValueOrDefault(key.Address);
            if (balance < t.Fee + 1) continue;
            var amount = Math.Max(1, (balance - t.Fee) * t.Percent / 100);
            var to = _addresses[t.To];
            transfers.Add(TestBlocks.Transfer(_chain, key, to, amount, t.Fee, nonce));
            accounts[key.Address] = (balance - amount - t.Fee, nonce + 1);
            var (toBalance, toNonce) = accounts.GetValueOrDefault(to);
            accounts[to] = (toBalance + amount, toNonce);
        }
        if (spec.Overspends)
        {
            var key = _keys[spec.Transfers.Length % _keys.Length];
            var (balance, nonce) = accounts.GetValueOrDefault(key.Address);
            transfers.Add(TestBlocks.Transfer(_chain, key, _addresses[3], balance + 1, 0, nonce));
        }

        var height = parent.Height + 1;
        var miner = _addresses[(int)(height % 3)];
        var block = TestBlocks.Next(_chain, parent.Block, transfers, miner, extraNonce);
        var (minerBalance, minerNonce) = accounts.GetValueOrDefault(miner);
        accounts[miner] = (minerBalance + block.Transactions[0].Amount.Units, minerNonce);
        foreach (var address in accounts.Where(a => a.Value == (0, 0ul)).Select(a => a.Key).ToList()) accounts.Remove(address);
        return new ModelBlock(block, height, parent.Valid && !spec.Overspends, accounts, batch);
    }

    // Most work (all blocks carry the same bits, so the greatest height) among valid blocks; on a tie the block of the
    // earlier batch, because a batch's blocks join the tree only after every earlier batch's.
    private static ModelBlock ExpectedTip(List<ModelBlock> built) =>
        built.Where(b => b.Valid).OrderByDescending(b => b.Height).ThenBy(b => b.Batch).First();

    private static void AssertAccountsMatch(List<ModelBlock> built, TestNode node)
    {
        var tip = built.Single(b => b.Block.Hash == node.State.Tip.Hash);
        Assert.True(tip.Valid, $"the tip {tip.Block.Hash} is a block the model knows to be invalid");
        var actual = node.State.SnapshotAccounts().ToDictionary(a => a.Key, a => (a.Value.Balance.Units, a.Value.NextNonce));
        Assert.Equal(tip.Accounts.OrderBy(a => a.Key.ToString()), actual.OrderBy(a => a.Key.ToString()));
    }
}
