using System.Collections.Immutable;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Ledger.TransactionPool;

/// <summary>The result of offering one transaction to a <see cref="Mempool"/>.</summary>
public sealed record MempoolAdmission
{
    private MempoolAdmission(
        MempoolAdmissionOutcome outcome, MempoolRejectReason reason, string message,
        Transaction? replaced, ImmutableArray<Transaction> evicted)
    {
        Outcome = outcome;
        Reason = reason;
        Message = message;
        Replaced = replaced;
        Evicted = evicted;
    }

    public MempoolAdmissionOutcome Outcome { get; }

    /// <summary><see cref="MempoolRejectReason.None"/> unless the transaction was rejected.</summary>
    public MempoolRejectReason Reason { get; }

    /// <summary>A sentence for logs and API clients.</summary>
    public string Message { get; }

    /// <summary>The pending transaction this one replaced, if any.</summary>
    public Transaction? Replaced { get; }

    /// <summary>Transactions removed to make room, each the last of its sender's sequence when it went.</summary>
    public ImmutableArray<Transaction> Evicted { get; }

    /// <summary>True when the transaction is pending after the call (added, replacing, or already there).</summary>
    public bool IsAccepted => Outcome != MempoolAdmissionOutcome.Rejected;

    internal static MempoolAdmission Added(ImmutableArray<Transaction> evicted) =>
        new(MempoolAdmissionOutcome.Added, MempoolRejectReason.None, "added", null, evicted);

    internal static MempoolAdmission ReplacedOne(Transaction replaced, ImmutableArray<Transaction> evicted) =>
        new(MempoolAdmissionOutcome.Replaced, MempoolRejectReason.None, $"replaced {replaced.Id}", replaced, evicted);

    internal static MempoolAdmission AlreadyPresent() =>
        new(MempoolAdmissionOutcome.AlreadyPresent, MempoolRejectReason.None, "already pending", null, []);

    internal static MempoolAdmission Rejected(MempoolRejectReason reason, string message) =>
        new(MempoolAdmissionOutcome.Rejected, reason, message, null, []);

    public override string ToString() =>
        Outcome == MempoolAdmissionOutcome.Rejected ? $"rejected ({Reason}): {Message}" : $"{Outcome}: {Message}";
}
