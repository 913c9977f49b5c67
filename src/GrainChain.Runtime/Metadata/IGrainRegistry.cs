using System.ComponentModel;

namespace GrainChain.Runtime.Metadata;

/// <summary>Generated per assembly: lists its grain interfaces (with proxy factories) and grain classes (with constructors).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainRegistry
{
    void Register(GrainRegistryBuilder builder);
}
