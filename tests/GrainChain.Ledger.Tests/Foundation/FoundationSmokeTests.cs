using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Foundation;

public class FoundationSmokeTests
{
    [Fact]
    public void Bitcoin_genesis_header_hashes_to_the_published_value()
    {
        var hash = ChainParams.BitcoinMain.GenesisHeader.ComputeHash();
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", hash.ToString());
    }

    [Fact]
    public void A_signed_transfer_verifies_and_a_changed_one_does_not()
    {
        using var alice = KeyPair.Generate();
        var bob = KeyPair.Generate().Address;
        var tx = TransactionSigner.Sign(
            Transaction.CreateTransfer(7, alice.PublicKey, bob, new Amount(1_000), new Amount(10), 0), alice);

        Assert.True(TransactionSigner.Verify(tx));
        var decoded = Transaction.Decode(tx.ToArray());
        Assert.Equal(tx.Id, decoded.Id);
        Assert.True(TransactionSigner.Verify(decoded));

        var forged = Transaction.CreateTransfer(7, alice.PublicKey, bob, new Amount(9_000), new Amount(10), 0)
            .WithSignature(tx.Signature);
        Assert.False(TransactionSigner.Verify(forged));
    }
}
