using FsCheck;
using FsCheck.Fluent;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Json;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

public sealed class TransactionEncodingPropertyTests : IDisposable
{
    private readonly KeyPair _key = KeyPair.Generate();

    public void Dispose() => _key.Dispose();

    private static Amount ToAmount(long any) => new(Math.Abs(any % (Amount.MaxUnits + 1)));

    /// <summary>Runs <paramref name="decode"/>; anything thrown but a <see cref="LedgerDecodeException"/> fails the property.</summary>
    private static void DecodesOrRefuses(Action decode)
    {
        try
        {
            decode();
        }
        catch (LedgerDecodeException)
        {
        }
    }

    /// <summary>
    /// The random bytes as given, and reshaped to the two exact transaction sizes with a valid kind byte, so that
    /// decoding gets past the first checks instead of failing on the length every time.
    /// </summary>
    private static IEnumerable<byte[]> Shapes(byte[] bytes)
    {
        yield return bytes;
        foreach (var (kind, size) in new[] { (TransactionKind.Coinbase, Transaction.CoinbaseSize), (TransactionKind.Transfer, Transaction.TransferSize) })
        {
            var shaped = new byte[size];
            bytes.AsSpan(0, Math.Min(size, bytes.Length)).CopyTo(shaped);
            shaped[0] = (byte)kind;
            if (kind == TransactionKind.Transfer) shaped[5] = (byte)(0x02 | (shaped[5] & 1));
            yield return shaped;
        }
    }

    [Fact]
    public void Decoding_random_bytes_never_throws_anything_but_a_decode_exception()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            foreach (var shaped in Shapes(bytes))
            {
                DecodesOrRefuses(() => Transaction.Decode(shaped));
                DecodesOrRefuses(() => BlockHeader.Decode(shaped));
                DecodesOrRefuses(() => Block.Decode(shaped, maxBytes: 1 << 20, maxTransactions: 1_000));
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Whatever_decodes_from_random_bytes_encodes_back_to_the_same_bytes()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
        {
            foreach (var shaped in Shapes(bytes))
            {
                Transaction decoded;
                try
                {
                    decoded = Transaction.Decode(shaped);
                }
                catch (LedgerDecodeException)
                {
                    continue;
                }
                Assert.Equal(shaped, decoded.ToArray());
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_coinbase_round_trips_through_bytes_and_JSON()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<(uint, long, ulong, ulong)>(), fields =>
        {
            var (chainId, amount, height, extraNonce) = fields;
            var coinbase = Transaction.CreateCoinbase(chainId, _key.Address, ToAmount(amount), height, extraNonce);

            var decoded = Transaction.Decode(coinbase.ToArray());
            Assert.Equal(coinbase.Id, decoded.Id);
            Assert.Equal((chainId, coinbase.Amount, height, extraNonce), (decoded.ChainId, decoded.Amount, decoded.Nonce, decoded.ExtraNonce));
            Assert.Equal(coinbase.Id, LedgerJson.ReadTransaction(LedgerJson.ToUtf8Json(coinbase)).Id);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_transfer_round_trips_through_bytes_and_JSON_and_still_verifies()
    {
        using var verifier = new SignatureVerifier(new SignatureVerifierOptions { SignatureCacheCapacity = 0 });
        Prop.ForAll(ArbMap.Default.ArbFor<(uint, long, long, ulong)>(), fields =>
        {
            var (chainId, amount, fee, nonce) = fields;
            var transfer = TransactionSigner.Sign(
                Transaction.CreateTransfer(chainId, _key.PublicKey, TransferFactory.RecipientAddress, ToAmount(amount), ToAmount(fee), nonce), _key);

            var decoded = Transaction.Decode(transfer.ToArray());
            Assert.Equal(transfer.Id, decoded.Id);
            Assert.Equal((chainId, transfer.Amount, transfer.Fee, nonce), (decoded.ChainId, decoded.Amount, decoded.Fee, decoded.Nonce));
            Assert.True(verifier.Verify(decoded));
            var fromJson = LedgerJson.ReadTransaction(LedgerJson.ToUtf8Json(transfer));
            Assert.Equal(transfer.Id, fromJson.Id);
            Assert.True(verifier.Verify(fromJson));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reading_random_text_as_JSON_never_throws_anything_but_a_decode_exception()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            if (text is null) return;
            DecodesOrRefuses(() => LedgerJson.ReadTransaction(text));
            DecodesOrRefuses(() => LedgerJson.ReadBlockHeader(text));
            DecodesOrRefuses(() => LedgerJson.ReadBlock(text, maxTransactions: 10));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Randomly_edited_block_JSON_never_throws_anything_but_a_decode_exception()
    {
        var block = Json.JsonSamples.Block(_key, transfers: 2);
        var json = LedgerJson.ToUtf8Json(block);
        // Edits drawn from the characters JSON is made of, so that many edits still parse and reach the field checks.
        const string alphabet = "{}[]:,\"0123456789abcdef-+.eE \\ntrufalsn";
        Prop.ForAll(ArbMap.Default.ArbFor<(int, int)[]>(), edits =>
        {
            var edited = json.ToArray();
            foreach (var (position, character) in edits ?? [])
                edited[Math.Abs(position % edited.Length)] = (byte)alphabet[Math.Abs(character % alphabet.Length)];
            DecodesOrRefuses(() => LedgerJson.ReadBlock(edited, maxTransactions: 10));
        }).QuickCheckThrowOnFailure();
    }
}
