namespace GrainChain.Runtime.Membership;

/// <summary>
/// The membership table's version as last read: every insert or update raises <see cref="Version"/> by one and
/// changes <see cref="ETag"/>, so a writer holding an older view loses its compare-and-set and must re-read.
/// </summary>
public readonly record struct TableVersion(long Version, string ETag);
