namespace GrainChain.Runtime.Metadata;

/// <summary>
/// The startup check that interface ids identify interfaces: no two different interface names may hash to the same
/// id, and every id a generated registry declares must be the id the runtime computes for its name (a registry built
/// by an incompatible generator would otherwise route calls to the wrong interface).
/// </summary>
internal static class InterfaceIdCollisions
{
    /// <summary>Throws <see cref="InvalidOperationException"/> naming both interfaces on the first conflict.</summary>
    public static void Check(IEnumerable<GrainInterfaceMetadata> interfaces, IEnumerable<GrainRequestFactory> factories)
    {
        var names = new Dictionary<uint, string>();
        foreach (var metadata in interfaces)
        {
            Claim(names, metadata.InterfaceId, metadata.Name.Name);
        }
        foreach (var factory in factories)
        {
            var expected = GrainInterfaceId.Compute(factory.InterfaceName);
            if (factory.InterfaceId != expected)
            {
                throw new InvalidOperationException(
                    $"The generated registry gives grain interface '{factory.InterfaceName}' the id 0x{factory.InterfaceId:x8}, " +
                    $"but this runtime computes 0x{expected:x8}. Rebuild the assembly with the GrainChain code generator of this runtime.");
            }
            Claim(names, factory.InterfaceId, factory.InterfaceName);
        }
    }

    private static void Claim(Dictionary<uint, string> names, uint id, string name)
    {
        if (!names.TryAdd(id, name) && !string.Equals(names[id], name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Grain interfaces '{names[id]}' and '{name}' have the same interface id 0x{id:x8} (FNV-1a of the name), " +
                "so calls between silos could not tell them apart. Rename or move one of them.");
        }
    }
}
