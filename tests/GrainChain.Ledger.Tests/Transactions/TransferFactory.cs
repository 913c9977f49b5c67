using System.Numerics;
using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Ledger.Tests.Transactions;

/// <summary>Builds signed transfers and hand-made signatures for the transaction tests.</summary>
internal static class TransferFactory
{
    public const uint ChainId = 7;

    public static Transaction Signed(KeyPair sender, ulong nonce = 0, long amount = 1_000, long fee = 10, uint chainId = ChainId) =>
        TransactionSigner.Sign(Unsigned(sender.PublicKey, nonce, amount, fee, chainId), sender);

    public static Transaction Unsigned(PublicKey sender, ulong nonce = 0, long amount = 1_000, long fee = 10, uint chainId = ChainId) =>
        Transaction.CreateTransfer(chainId, sender, RecipientAddress, new Amount(amount), new Amount(fee), nonce);

    public static readonly Address RecipientAddress = new(Enumerable.Range(1, Address.Size).Select(i => (byte)i).ToArray());

    /// <summary>The other valid form of the same signature: (r, N − s).</summary>
    public static Signature HighSTwin(Signature signature)
    {
        var bytes = signature.Span.ToArray();
        var s = new BigInteger(bytes.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var twin = P256Curve.N - s;
        bytes.AsSpan(32).Clear();
        var length = twin.GetByteCount(isUnsigned: true);
        twin.TryWriteBytes(bytes.AsSpan(64 - length), out _, isUnsigned: true, isBigEndian: true);
        return Signature.FromBytes(bytes);
    }

    public static Signature WithByteFlipped(Signature signature, int index)
    {
        var bytes = signature.Span.ToArray();
        bytes[index] ^= 0x01;
        return Signature.FromBytes(bytes);
    }

    /// <summary>A well-formed compressed key (0x02 prefix) whose X has no point on the curve.</summary>
    public static PublicKey OffCurveKey()
    {
        var bytes = new byte[PublicKey.Size];
        bytes[0] = 0x02;
        for (byte candidate = 1; ; candidate++)
        {
            bytes[32] = candidate;
            if (!P256Curve.TryDecompress(bytes, out _)) return PublicKey.FromBytes(bytes);
        }
    }
}
