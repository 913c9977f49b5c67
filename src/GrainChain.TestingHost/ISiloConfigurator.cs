using GrainChain.Runtime.Hosting;

namespace GrainChain.TestingHost;

/// <summary>Configures every silo of a test cluster (grains, stores, options); one instance per silo.</summary>
public interface ISiloConfigurator
{
    void Configure(ISiloBuilder siloBuilder);
}
