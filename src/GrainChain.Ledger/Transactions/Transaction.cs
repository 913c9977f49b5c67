using GrainChain.Ledger.Crypto;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Ledger.Transactions;

/// <summary>
/// An immutable account-model transaction. A transfer moves <see cref="Amount"/> plus <see cref="Fee"/> out of the
/// sender's account; a coinbase mints reward plus fees and uses <see cref="Nonce"/> for the block height.
/// Hashes are computed once and cached, which is safe because nothing can change after construction. Blocks and
/// their transactions are shared across threads, so a cached hash lives in an immutable box: a reference is
/// published atomically, where a nullable 32-byte struct could be read half-written.
/// </summary>
public sealed class Transaction : IEquatable<Transaction>
{
    public const int TransferSize = 1 + 4 + PublicKey.Size + Address.Size + 8 + 8 + 8 + Signature.Size;
    public const int CoinbaseSize = 1 + 4 + Address.Size + 8 + 8 + 8;
    public const int MaxSize = TransferSize;

    private HashBox? _id;
    private HashBox? _signingHash;

    private sealed class HashBox(Hash256 value)
    {
        public readonly Hash256 Value = value;
    }

    private Transaction(
        TransactionKind kind, uint chainId, PublicKey sender, Address recipient,
        Amount amount, Amount fee, ulong nonce, ulong extraNonce, Signature signature)
    {
        Kind = kind;
        ChainId = chainId;
        Sender = sender;
        Recipient = recipient;
        Amount = amount;
        Fee = fee;
        Nonce = nonce;
        ExtraNonce = extraNonce;
        Signature = signature;
    }

    public TransactionKind Kind { get; }
    public uint ChainId { get; }

    /// <summary>The paying key; empty on a coinbase.</summary>
    public PublicKey Sender { get; }

    public Address Recipient { get; }
    public Amount Amount { get; }

    /// <summary>What the sender pays the miner; zero on a coinbase.</summary>
    public Amount Fee { get; }

    /// <summary>The sender's sequence number (0, 1, 2, …), or the block height on a coinbase.</summary>
    public ulong Nonce { get; }

    /// <summary>Coinbase only: varied by miners once the header's 32-bit nonce space is used up.</summary>
    public ulong ExtraNonce { get; }

    /// <summary>Empty on a coinbase and on a transfer not yet signed.</summary>
    public Signature Signature { get; }

    public bool IsCoinbase => Kind == TransactionKind.Coinbase;
    public bool IsSigned => !Signature.IsEmpty;

    /// <summary>The sender's address, derived from its key; <see cref="Address.Zero"/> on a coinbase.</summary>
    public Address SenderAddress => IsCoinbase ? Address.Zero : Address.FromPublicKey(Sender.Span);

    public int EncodedSize => IsCoinbase ? CoinbaseSize : TransferSize;

    /// <summary>The txid: double SHA-256 of the full canonical encoding.</summary>
    public Hash256 Id => (_id ??= new HashBox(ComputeId())).Value;

    /// <summary>What the sender signs: double SHA-256 of the encoding without the signature.</summary>
    public Hash256 SigningHash => (_signingHash ??= new HashBox(ComputeSigningHash())).Value;

    public static Transaction CreateTransfer(
        uint chainId, PublicKey sender, Address recipient, Amount amount, Amount fee, ulong nonce)
    {
        if (sender.IsEmpty) throw new ArgumentException("a transfer needs a sender key", nameof(sender));
        return new(TransactionKind.Transfer, chainId, sender, recipient, amount, fee, nonce, 0, default);
    }

    public static Transaction CreateCoinbase(uint chainId, Address miner, Amount amount, ulong height, ulong extraNonce = 0) =>
        new(TransactionKind.Coinbase, chainId, default, miner, amount, Amount.Zero, height, extraNonce, default);

    /// <summary>The same transfer carrying <paramref name="signature"/>.</summary>
    public Transaction WithSignature(Signature signature)
    {
        if (IsCoinbase) throw new InvalidOperationException("a coinbase is not signed");
        return new(Kind, ChainId, Sender, Recipient, Amount, Fee, Nonce, ExtraNonce, signature);
    }

    /// <summary>The same coinbase with another extra-nonce (and so another txid and merkle root).</summary>
    public Transaction WithExtraNonce(ulong extraNonce)
    {
        if (!IsCoinbase) throw new InvalidOperationException("only a coinbase has an extra-nonce");
        return new(Kind, ChainId, Sender, Recipient, Amount, Fee, Nonce, extraNonce, Signature);
    }

    public void WriteTo(ref SpanWriter writer)
    {
        WriteUnsigned(ref writer);
        if (!IsCoinbase)
        {
            if (Signature.IsEmpty) throw new InvalidOperationException("an unsigned transfer has no canonical encoding");
            writer.WriteBytes(Signature.Span);
        }
    }

    public byte[] ToArray()
    {
        var bytes = new byte[EncodedSize];
        var writer = new SpanWriter(bytes);
        WriteTo(ref writer);
        return bytes;
    }

    private void WriteUnsigned(ref SpanWriter writer)
    {
        writer.WriteByte((byte)Kind);
        writer.WriteUInt32(ChainId);
        if (IsCoinbase)
        {
            writer.WriteAddress(Recipient);
            writer.WriteInt64(Amount.Units);
            writer.WriteUInt64(Nonce);
            writer.WriteUInt64(ExtraNonce);
        }
        else
        {
            writer.WriteBytes(Sender.Span);
            writer.WriteAddress(Recipient);
            writer.WriteInt64(Amount.Units);
            writer.WriteInt64(Fee.Units);
            writer.WriteUInt64(Nonce);
        }
    }

    private Hash256 ComputeId()
    {
        Span<byte> bytes = stackalloc byte[MaxSize];
        var writer = new SpanWriter(bytes);
        WriteTo(ref writer);
        return DoubleSha256.Hash(writer.Written);
    }

    private Hash256 ComputeSigningHash()
    {
        Span<byte> bytes = stackalloc byte[MaxSize];
        var writer = new SpanWriter(bytes);
        WriteUnsigned(ref writer);
        return DoubleSha256.Hash(writer.Written);
    }

    /// <summary>Decodes exactly one transaction from <paramref name="bytes"/>.</summary>
    public static Transaction Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes);
        var tx = Read(ref reader);
        reader.EnsureEnd("transaction");
        return tx;
    }

    public static Transaction Read(ref SpanReader reader)
    {
        var kindByte = reader.ReadByte("transaction.kind");
        if (kindByte > (byte)TransactionKind.Transfer)
            throw new LedgerDecodeException("transaction.kind", $"unknown kind {kindByte}");
        var kind = (TransactionKind)kindByte;
        var chainId = reader.ReadUInt32("transaction.chainId");
        if (kind == TransactionKind.Coinbase)
        {
            var miner = reader.ReadAddress("transaction.recipient");
            var amount = reader.ReadAmount("transaction.amount");
            var height = reader.ReadUInt64("transaction.height");
            var extraNonce = reader.ReadUInt64("transaction.extraNonce");
            return new(kind, chainId, default, miner, amount, Amount.Zero, height, extraNonce, default);
        }

        var keyBytes = reader.ReadBytes(PublicKey.Size, "transaction.sender");
        if (keyBytes[0] is not (0x02 or 0x03))
            throw new LedgerDecodeException("transaction.sender", "a compressed public key starts with 0x02 or 0x03");
        var sender = PublicKey.FromBytes(keyBytes);
        var recipient = reader.ReadAddress("transaction.recipient");
        var value = reader.ReadAmount("transaction.amount");
        var fee = reader.ReadAmount("transaction.fee");
        var nonce = reader.ReadUInt64("transaction.nonce");
        var signature = Signature.FromBytes(reader.ReadBytes(Signature.Size, "transaction.signature"));
        return new(kind, chainId, sender, recipient, value, fee, nonce, 0, signature);
    }

    /// <summary>Same content: same signed fields and same signature (so also for unsigned transfers).</summary>
    public bool Equals(Transaction? other) =>
        other is not null && (ReferenceEquals(this, other) || (SigningHash == other.SigningHash && Signature == other.Signature));

    public override bool Equals(object? obj) => Equals(obj as Transaction);
    public override int GetHashCode() => SigningHash.GetHashCode();
    public override string ToString() => $"{Kind} {Id}";
}
