namespace GrainChain.Ledger.Encoding;

/// <summary>Base of every error the ledger library raises on purpose.</summary>
public class LedgerException : Exception
{
    public LedgerException(string message) : base(message) { }
    public LedgerException(string message, Exception inner) : base(message, inner) { }
}
