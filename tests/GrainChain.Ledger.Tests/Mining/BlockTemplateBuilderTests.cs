using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.TransactionPool;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.Mining;

public sealed class BlockTemplateBuilderTests : IDisposable
{
    private static readonly Address Miner = Address.Parse("ffeeddccbbaa99887766554433221100ffeeddcc");
    private static readonly Hash256 Parent = Hash256.Parse("00000000000000000000000000000000000000000000000000000000000000ab");

    private readonly MempoolTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void The_coinbase_pays_the_reward_plus_the_selected_fees_and_carries_the_height()
    {
        var pool = _kit.Pool();
        var alice = _kit.Account();
        pool.Add(MempoolTestKit.Transfer(alice, 0, fee: 1_000));
        pool.Add(MempoolTestKit.Transfer(alice, 1, fee: 2_000));
        pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 3_000));
        var height = MempoolTestKit.Chain.HalvingInterval + 5L;

        var template = new BlockTemplateBuilder(MempoolTestKit.Chain).Build(Parent, height, 0x207fffff, 1_700_000_600, Miner, pool);

        Assert.Equal(3, template.Transactions.Length);
        Assert.True(template.Coinbase.IsCoinbase);
        Assert.Equal(Miner, template.Coinbase.Recipient);
        Assert.Equal((ulong)height, template.Coinbase.Nonce);
        Assert.Equal(MempoolTestKit.Chain.RewardAt(height).Units + 6_000, template.Coinbase.Amount.Units);
        Assert.Equal(MempoolTestKit.Chain.InitialReward.Units / 2 + 6_000, template.Coinbase.Amount.Units);
    }

    [Fact]
    public void The_header_commits_to_coinbase_and_transactions_on_the_given_parent()
    {
        var pool = _kit.Pool();
        for (var i = 0; i < 5; i++) pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 100 + i));
        var parentHeader = MempoolTestKit.Chain.GenesisHeader;

        var template = new BlockTemplateBuilder(MempoolTestKit.Chain).Build(parentHeader, 1, 0x207fffff, 1_700_000_010, Miner, pool);

        var block = template.ToBlock(template.Coinbase, 0);
        Assert.Equal(template.Header.MerkleRoot, block.ComputeMerkleRoot());
        Assert.Equal(template.Header, block.Header);
        Assert.Equal(parentHeader.ComputeHash(), template.Header.PreviousHash);
        Assert.Equal(0x207fffffu, template.Header.Bits);
        Assert.Equal(1_700_000_010u, template.Header.Time);
        Assert.Equal(6, block.Transactions.Length);
    }

    [Fact]
    public void An_empty_pool_gives_a_coinbase_only_template()
    {
        var template = new BlockTemplateBuilder(MempoolTestKit.Chain).Build(Parent, 1, 1, 1, Miner, _kit.Pool());

        Assert.Empty(template.Transactions);
        Assert.Equal(template.Coinbase.Id, template.Header.MerkleRoot);
        Assert.Equal(MempoolTestKit.Chain.RewardAt(1), template.Coinbase.Amount);
    }

    [Fact]
    public void The_transaction_count_limit_includes_the_coinbase()
    {
        var chain = MempoolTestKit.Chain with { MaxBlockTransactions = 4 };
        var pool = _kit.Pool();
        var transfers = Enumerable.Range(0, 6).Select(i => MempoolTestKit.Transfer(_kit.Account(), 0, fee: 10 * (i + 1))).ToList();
        foreach (var tx in transfers) pool.Add(tx);

        var template = new BlockTemplateBuilder(chain).Build(Parent, 1, 1, 1, Miner, pool);

        Assert.Equal(new[] { transfers[5], transfers[4], transfers[3] }, template.Transactions.AsEnumerable());
        Assert.Equal(chain.RewardAt(1).Units + 60 + 50 + 40, template.Coinbase.Amount.Units);
    }

    [Fact]
    public void The_byte_limit_counts_header_count_prefix_coinbase_and_transfers()
    {
        var fixedBytes = BlockHeader.Size + SpanWriter.CompactSizeLength(10_000) + Transaction.CoinbaseSize;
        var chain = MempoolTestKit.Chain with { MaxBlockBytes = fixedBytes + 2 * Transaction.TransferSize + Transaction.TransferSize - 1 };
        var pool = _kit.Pool();
        for (var i = 0; i < 5; i++) pool.Add(MempoolTestKit.Transfer(_kit.Account(), 0, fee: 100));

        var template = new BlockTemplateBuilder(chain).Build(Parent, 1, 1, 1, Miner, pool);

        Assert.Equal(2, template.Transactions.Length);
        Assert.True(template.ToBlock(template.Coinbase, 0).EncodedSize <= chain.MaxBlockBytes);
    }

    [Fact]
    public void A_template_applies_cleanly_to_the_tip_it_was_built_for()
    {
        var pool = _kit.Pool();
        var alice = _kit.Account(balance: 10_000);
        var bob = _kit.Account(balance: 10_000, nextNonce: 7);
        for (ulong n = 0; n < 4; n++) pool.Add(MempoolTestKit.Transfer(alice, n, fee: 100 + (long)n * 50, amount: 2_000));
        for (ulong n = 7; n < 10; n++) pool.Add(MempoolTestKit.Transfer(bob, n, fee: 400 - (long)n, amount: 2_000));

        Assert.Equal(7, pool.Count);

        var template = new BlockTemplateBuilder(MempoolTestKit.Chain).Build(Parent, 1, 1, 1, Miner, pool);

        Assert.Equal(7, template.Transactions.Length);
        Assert.Null(_kit.View.Clone().TryApply(template.ToBlock(template.Coinbase, 0).Transactions));
    }

    [Fact]
    public void A_pool_of_another_chain_is_refused()
    {
        var otherChain = MempoolTestKit.Chain with { ChainId = 99 };

        Assert.Throws<ArgumentException>(() => new BlockTemplateBuilder(otherChain).Build(Parent, 1, 1, 1, Miner, _kit.Pool()));
    }
}
