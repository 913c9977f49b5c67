namespace GrainChain.Hosting.Storage;

/// <summary>Names one stored grain state: the service, the full grain id (<c>type/key</c>) and the state name.</summary>
internal readonly record struct StateKey(string ServiceId, string GrainId, string StateName);

/// <summary>A stored record as read: its version (null: no record) and its payload (null: none, or cleared).</summary>
internal readonly record struct StoredState(long? Version, byte[]? Payload);
