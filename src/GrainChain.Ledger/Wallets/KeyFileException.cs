using GrainChain.Ledger.Encoding;

namespace GrainChain.Ledger.Wallets;

/// <summary>A wallet key file could not be read or written; the message names the file and the problem.</summary>
public sealed class KeyFileException : LedgerException
{
    public KeyFileException(string path, string problem)
        : base($"key file '{path}': {problem}")
    {
        Path = path;
        Problem = problem;
    }

    public KeyFileException(string path, string problem, Exception inner)
        : base($"key file '{path}': {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file as the caller named it.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
