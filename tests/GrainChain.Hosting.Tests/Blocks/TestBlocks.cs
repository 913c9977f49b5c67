using System.Security.Cryptography;
using System.Text;
using GrainChain.Hosting.Blocks;

namespace GrainChain.Hosting.Tests.Blocks;

/// <summary>
/// Made-up blocks for the archive's tests: bytes that name the parent and a label, the hash their SHA-256. A label
/// of each test's own keeps tests that share one archive from ever sharing a block.
/// </summary>
internal static class TestBlocks
{
    public static byte[] Zero => new byte[ArchivedBlock.HashSize];

    public static ArchivedBlock Block(byte[] previousHash, string label, int size = 120)
    {
        var text = Encoding.UTF8.GetBytes(label);
        var bytes = new byte[Math.Max(size, ArchivedBlock.HashSize + text.Length)];
        previousHash.CopyTo(bytes, 0);
        text.CopyTo(bytes, ArchivedBlock.HashSize);
        for (var i = ArchivedBlock.HashSize + text.Length; i < bytes.Length; i++) bytes[i] = (byte)i;
        return new ArchivedBlock(SHA256.HashData(bytes), previousHash, bytes);
    }

    /// <summary><paramref name="count"/> blocks, oldest first, the first a child of <paramref name="parent"/> (genesis if none).</summary>
    public static List<ArchivedBlock> Chain(string label, int count, byte[]? parent = null)
    {
        var chain = new List<ArchivedBlock>(count);
        var previous = parent ?? Zero;
        for (var i = 0; i < count; i++)
        {
            var block = Block(previous, $"{label}/{i}");
            chain.Add(block);
            previous = block.Hash;
        }

        return chain;
    }

    /// <summary>A hash no test stores.</summary>
    public static byte[] UnknownHash(string label) => SHA256.HashData(Encoding.UTF8.GetBytes($"unknown/{label}"));

    public static string Hex(byte[] hash) => Convert.ToHexStringLower(hash);
}
