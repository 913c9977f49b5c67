using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.GrainDirectory;

/// <summary>A directory operation failed at the silo owning the entry; the message names that silo.</summary>
public sealed class GrainDirectoryException : Exception
{
    public GrainDirectoryException(string message) : base(message) { }

    public GrainDirectoryException(string message, Exception inner) : base(message, inner) { }

    public GrainDirectoryException(SiloAddress owner, string operation, Exception inner)
        : base($"Directory {operation} at owner silo {owner} failed: {inner.Message}", inner)
    {
        Owner = owner;
    }

    /// <summary>The silo whose partition failed, when one did.</summary>
    public SiloAddress? Owner { get; }
}
