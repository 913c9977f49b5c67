using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class TransactionTamperingTests
{
    [Fact]
    public void Every_changed_byte_of_a_signed_transfer_is_detected()
    {
        using var alice = KeyPair.Generate();
        using var verifier = new SignatureVerifier();
        var original = TransferFactory.Signed(alice);
        Assert.True(verifier.Verify(original)); // cached now: the cache must not hide any change
        var encoded = original.ToArray();
        Assert.Equal(Transaction.TransferSize, encoded.Length);

        var decodeFailures = 0;
        foreach (var mask in new byte[] { 0x01, 0x80, 0xff })
        {
            for (var position = 0; position < encoded.Length; position++)
            {
                var tampered = (byte[])encoded.Clone();
                tampered[position] ^= mask;
                Transaction decoded;
                try
                {
                    decoded = Transaction.Decode(tampered);
                }
                catch (LedgerDecodeException)
                {
                    decodeFailures++;
                    continue;
                }
                Assert.NotEqual(original.Id, decoded.Id);
                Assert.False(verifier.Verify(decoded), $"byte {position} xor {mask:x2} still verifies");
            }
        }
        Assert.True(decodeFailures > 0); // the kind and key-prefix bytes at least cannot be decoded when changed
    }

    [Fact]
    public void Every_changed_byte_of_a_coinbase_is_detected()
    {
        var original = Transaction.CreateCoinbase(3, TransferFactory.RecipientAddress, new Amount(5_000), height: 9, extraNonce: 4);
        var encoded = original.ToArray();

        for (var position = 0; position < encoded.Length; position++)
        {
            var tampered = (byte[])encoded.Clone();
            tampered[position] ^= 0x01;
            try
            {
                Assert.NotEqual(original.Id, Transaction.Decode(tampered).Id);
            }
            catch (LedgerDecodeException)
            {
                // rejected at decoding: detected too
            }
        }
    }
}
