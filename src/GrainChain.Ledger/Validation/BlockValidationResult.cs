namespace GrainChain.Ledger.Validation;

/// <summary>The verdict of a validation layer: valid, or the reason and a message naming what failed.</summary>
public readonly record struct BlockValidationResult(BlockRejectReason Reason, string Message)
{
    public static BlockValidationResult Valid => new(BlockRejectReason.None, "valid");

    public bool IsValid => Reason == BlockRejectReason.None;

    public static BlockValidationResult Reject(BlockRejectReason reason, string message)
    {
        if (reason == BlockRejectReason.None) throw new ArgumentException("a rejection needs a reason", nameof(reason));
        return new(reason, message);
    }

    /// <summary>Throws <see cref="BlockRejectedException"/> unless valid.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new BlockRejectedException(Reason, Message);
    }

    public override string ToString() => IsValid ? "valid" : $"{Reason}: {Message}";
}
