using GrainChain.Runtime;

namespace GrainChain.Cluster.TestSilo.Grains;

/// <summary>A stateless grain that says where its activation runs.</summary>
public interface IWhereGrain : IGrainWithStringKey
{
    Task<SiloLocation> WhereAsync();
}
