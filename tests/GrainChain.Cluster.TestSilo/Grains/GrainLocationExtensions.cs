using GrainChain.Runtime;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>Builds the <see cref="SiloLocation"/> of the activation a grain method runs in.</summary>
internal static class GrainLocationExtensions
{
    public static SiloLocation Location(this Grain grain) => new(grain.RuntimeIdentity, Environment.ProcessId);
}
