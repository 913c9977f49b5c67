namespace GrainChain.Ledger.Consensus;

/// <summary>A broken header rule: its code and a message naming the offending values.</summary>
public readonly record struct HeaderRejection(HeaderRejectReason Reason, string Message)
{
    public override string ToString() => $"{Reason}: {Message}";
}
