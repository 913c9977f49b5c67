namespace GrainChain.Runtime.Serialization;

/// <summary>Stands in for an exception whose type the receiving side does not know; keeps the original type name and stack trace text.</summary>
public sealed class RemoteGrainException : Exception
{
    public RemoteGrainException(string originalTypeName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>The full name of the exception type that was thrown on the other side.</summary>
    public string OriginalTypeName { get; }

    public override string ToString() => $"{OriginalTypeName} (remote): {base.ToString()}";
}
