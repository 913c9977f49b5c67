namespace GrainChain.Runtime.Messaging;

/// <summary>What the connecting side of a connection is, as it declared in its handshake.</summary>
public enum ConnectionRole : byte
{
    /// <summary>Another silo of the cluster.</summary>
    Silo = 1,

    /// <summary>A cluster client talking to this silo as its gateway.</summary>
    Client = 2,
}
