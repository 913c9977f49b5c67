using System.Reflection;

namespace GrainChain.Runtime.Hosting;

/// <summary>Where the silo looks for generated grain registries.</summary>
public sealed class GrainAssemblyOptions
{
    /// <summary>Assemblies named explicitly with <c>AddGrainAssembly</c>.</summary>
    public IList<Assembly> Assemblies { get; } = [];

    /// <summary>Also look at every loaded assembly and what it references (once, at startup). Default true.</summary>
    public bool ScanLoadedAssemblies { get; set; } = true;
}
