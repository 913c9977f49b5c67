using System.Security.Cryptography;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Tests.Chain;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Validation;

/// <summary>
/// Every single-byte corruption of an encoded block is caught, by the decoder or by validation. The block is mined at
/// the main chain's difficulty (about a million hashes), so a changed header fails its proof of work; its content is
/// fixed (a fixed key and a signature made once with it), so the outcome is the same on every run.
/// </summary>
public class FlippedByteTests
{
    private static readonly ChainParams Chain = ChainParams.Main;

    // A transfer of 3 coins (fee 1,000 units, nonce 0) from the key with private scalar 01 02 … 20 to 0xb0…b0,
    // signed once for the main chain; ECDSA signatures are randomised, so it is stored rather than re-made.
    private const string TransferSignature =
        "f4a7987a0ea58d4b498783f4938144d44179847b27c2cfe0332c6d7533235ccc0fe9a5a0dabc4ef5f845663ce7a73505be1aa54973135c1811d65af9e6e10294";

    [Fact]
    public void Every_flipped_byte_of_an_encoded_block_is_detected()
    {
        using var sender = FixedKey();
        var recipient = new Address(Enumerable.Repeat((byte)0xB0, Address.Size).ToArray());
        var transfer = Transaction.CreateTransfer(Chain.ChainId, sender.PublicKey, recipient, Amount.FromCoins(3), new Amount(1_000), 0)
            .WithSignature(Signature.FromBytes(Convert.FromHexString(TransferSignature)));
        Assert.True(TransactionSigner.Verify(transfer));

        using var node = new TestNode(Chain);
        var funding = TestBlocks.Next(Chain, node.Genesis, miner: sender.Address);
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, node.Accept(funding).Kind);
        var block = TestBlocks.Next(Chain, funding, [transfer], miner: recipient);
        var bytes = block.ToArray();
        var undetected = new List<string>();

        foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var position = 0; position < bytes.Length; position++)
            {
                var corrupted = (byte[])bytes.Clone();
                corrupted[position] ^= mask;
                var outcome = node.State.Accept(corrupted);
                if (outcome.Kind != BlockAcceptanceKind.Invalid)
                    undetected.Add($"byte {position} ^ 0x{mask:x2}: {outcome.Kind}");
            }
        }

        Assert.Empty(undetected);
        Assert.Equal(1, node.State.Height);
        // The corruptions left no trace: the genuine block is accepted afterwards.
        Assert.Equal(BlockAcceptanceKind.ExtendedTip, node.State.Accept(bytes).Kind);
        Assert.Equal(2, node.State.Height);
    }

    private static KeyPair FixedKey()
    {
        var scalar = new byte[32];
        for (var i = 0; i < scalar.Length; i++) scalar[i] = (byte)(i + 1);
        return KeyPair.FromECDsa(ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar }));
    }
}
