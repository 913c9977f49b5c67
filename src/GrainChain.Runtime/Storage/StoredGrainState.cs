namespace GrainChain.Runtime.Storage;

/// <summary>One stored state record: the serialized bytes and the ETag that guards the next write.</summary>
public sealed record StoredGrainState(ReadOnlyMemory<byte> Data, string ETag);
