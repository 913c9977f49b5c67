using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.Tests.Mining;

public class CoinbaseMerkleBranchTests
{
    [Fact]
    public void The_root_from_the_branch_equals_the_full_merkle_root_for_any_transaction_count()
    {
        var miner = new Address(new byte[Address.Size]);
        for (var others = 0; others <= 40; others++)
        {
            var transactions = Enumerable.Range(1, others)
                .Select(i => Transaction.CreateCoinbase(3, miner, new Amount(i), (ulong)i))
                .ToList();
            var branch = new CoinbaseMerkleBranch(transactions);
            Assert.Equal(others == 0 ? 0 : (int)Math.Ceiling(Math.Log2(others + 1)), branch.Depth);

            foreach (var extraNonce in new ulong[] { 0, 1, 12345 })
            {
                var coinbase = Transaction.CreateCoinbase(3, miner, new Amount(99), 1000, extraNonce);
                var all = transactions.Prepend(coinbase).ToList();
                Assert.Equal(MerkleTree.ComputeRoot(all), branch.RootFor(coinbase.Id));
            }
        }
    }
}
