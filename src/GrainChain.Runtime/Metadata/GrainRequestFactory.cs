using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Metadata;

/// <summary>
/// How a generated registry declares that method <paramref name="MethodId"/> of interface <paramref name="InterfaceName"/>
/// (wire id <paramref name="InterfaceId"/>) is received: <paramref name="Create"/> rents an empty request for it.
/// </summary>
internal sealed record GrainRequestFactory(string InterfaceName, uint InterfaceId, ushort MethodId, Func<GrainRequest> Create)
{
    /// <summary>The one key of an (interface id, method id) pair.</summary>
    public static ulong Key(uint interfaceId, ushort methodId) => ((ulong)interfaceId << 32) | methodId;
}
