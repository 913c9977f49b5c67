namespace GrainChain.Hosting.Blocks;

/// <summary>Argument checks and comparisons of block hashes shared by the archives.</summary>
internal static class BlockHashes
{
    public static void Validate(byte[] hash, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(hash, parameterName);
        if (hash.Length != ArchivedBlock.HashSize)
            throw new ArgumentException($"a block hash is {ArchivedBlock.HashSize} bytes, got {hash.Length}", parameterName);
    }

    public static bool IsZero(ReadOnlySpan<byte> hash) => !hash.ContainsAnyExcept((byte)0);

    public static void ValidateMaxBlocks(int maxBlocks) => ArgumentOutOfRangeException.ThrowIfNegative(maxBlocks);

    /// <summary>
    /// Checks a put's argument and returns its blocks once per hash, the first occurrence of each (the one a store
    /// keeps), ordered by hash. Every element is checked before anything is stored, so a bad argument stores nothing.
    /// </summary>
    public static List<ArchivedBlock> DistinctByHash(IReadOnlyCollection<ArchivedBlock> blocks, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(blocks, parameterName);
        var seen = new HashSet<byte[]>(blocks.Count, HashComparer.Instance);
        var distinct = new List<ArchivedBlock>(blocks.Count);
        foreach (var block in blocks)
        {
            if (block is null) throw new ArgumentException("a block to store is null", parameterName);
            if (seen.Add(block.Hash)) distinct.Add(block);
        }

        distinct.Sort((a, b) => HashComparer.Instance.Compare(a.Hash, b.Hash));
        return distinct;
    }

    /// <summary>Hashes by content; orders them as the databases order BLOB and bytea values (unsigned bytes, first byte first).</summary>
    public sealed class HashComparer : IEqualityComparer<byte[]>, IComparer<byte[]>
    {
        public static readonly HashComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length >= sizeof(int) ? BitConverter.ToInt32(obj) : obj.Length;

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
