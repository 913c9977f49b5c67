using System.ComponentModel;

namespace GrainChain.Runtime.Metadata;

/// <summary>Points the runtime at an assembly's generated <see cref="IGrainRegistry"/>; written by the code generator.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainRegistryAttribute(Type registryType) : Attribute
{
    public Type RegistryType { get; } = registryType;
}
