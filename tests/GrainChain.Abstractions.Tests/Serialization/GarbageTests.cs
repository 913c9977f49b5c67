using GrainChain.Abstractions.Serialization;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>
/// Random and mutated bytes, from a fixed seed: every converter either decodes them or throws
/// <see cref="WireFormatException"/>, never anything else (no index errors, no argument exceptions).
/// </summary>
public sealed class GarbageTests : IDisposable
{
    private const int Rounds = 3_000;

    private readonly LedgerSamples _samples = new();

    public void Dispose() => _samples.Dispose();

    /// <summary>True when decoded, false when refused; any other exception fails the test.</summary>
    private static bool Decodes(Action decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (WireFormatException)
        {
            return false;
        }
    }

    private static readonly int[] InterestingLengths =
    [
        0, 1, 32, 33, 64, 79, 80, 81, Transaction.CoinbaseSize, TransactionSurrogate.UnsignedTransferSize,
        Transaction.TransferSize, BlockHeader.Size + 1 + Transaction.CoinbaseSize,
    ];

    [Fact]
    public void Random_bytes_decode_or_are_refused_by_every_converter()
    {
        var random = new Random(20260101);
        for (var round = 0; round < Rounds; round++)
        {
            var length = round % 2 == 0 ? InterestingLengths[random.Next(InterestingLengths.Length)] : random.Next(0, 400);
            var bytes = new byte[length];
            random.NextBytes(bytes);
            // Half the time make the first byte a valid kind, so decoding gets past the first check.
            if (length > 0 && random.Next(2) == 0) bytes[0] = (byte)random.Next(2);

            Decodes(() => new PublicKeyConverter().ConvertFromSurrogate(new PublicKeySurrogate(bytes)));
            Decodes(() => new SignatureConverter().ConvertFromSurrogate(new SignatureSurrogate(bytes)));
            Decodes(() => new BlockHeaderConverter().ConvertFromSurrogate(new BlockHeaderSurrogate(bytes)));
            Decodes(() => new TransactionConverter().ConvertFromSurrogate(new TransactionSurrogate(bytes)));
            Decodes(() => new BlockConverter().ConvertFromSurrogate(new BlockSurrogate(bytes)));
        }
    }

    [Fact]
    public void Mutated_and_truncated_blocks_in_a_payload_decode_or_are_refused()
    {
        var random = new Random(42);
        var canonical = _samples.Block.ToArray();
        var original = Wire.Serialize(_samples.Block);
        var start = Wire.Find(original, canonical);
        var (decoded, refused) = (0, 0);
        for (var round = 0; round < Rounds; round++)
        {
            var payload = (byte[])original.Clone();
            // Only the canonical region is touched: Orleans' own framing is Orleans' concern, not the converter's.
            var flips = 1 + random.Next(3);
            for (var i = 0; i < flips; i++) payload[start + random.Next(canonical.Length)] ^= (byte)(1 << random.Next(8));
            if (Decodes(() => Wire.Deserialize<Block>(payload))) decoded++;
            else refused++;

            var truncated = canonical[..random.Next(canonical.Length)];
            Assert.False(Decodes(() => new BlockConverter().ConvertFromSurrogate(new BlockSurrogate(truncated))));
        }

        // Both outcomes happen: header and signature bits decode to another block, kind and length bits are refused.
        Assert.True(decoded > 0, "some mutations should decode");
        Assert.True(refused > 0, "some mutations should be refused");
    }
}
