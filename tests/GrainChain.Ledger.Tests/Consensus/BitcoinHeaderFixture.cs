using GrainChain.Ledger.Blocks;

namespace GrainChain.Ledger.Tests.Consensus;

/// <summary>The 32,260 real Bitcoin main-network headers of Fixtures/, decoded once per test class.</summary>
public sealed class BitcoinHeaderFixture
{
    public const int Count = 32_260;

    public BitcoinHeaderFixture()
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bitcoin-mainnet-headers-0-32259.bin"));
        if (bytes.Length != Count * BlockHeader.Size)
            throw new InvalidDataException($"the header fixture holds {bytes.Length} bytes, expected {Count * BlockHeader.Size}");
        var headers = new BlockHeader[Count];
        for (var i = 0; i < Count; i++) headers[i] = BlockHeader.Decode(bytes.AsSpan(i * BlockHeader.Size, BlockHeader.Size));
        Headers = headers;
    }

    /// <summary>Index = height. Tests copy before changing anything, since the fixture is shared.</summary>
    public IReadOnlyList<BlockHeader> Headers { get; }
}
