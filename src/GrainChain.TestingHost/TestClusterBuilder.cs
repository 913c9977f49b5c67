using GrainChain.Runtime.Hosting;

namespace GrainChain.TestingHost;

/// <summary>Describes a test cluster: how many silos and how each is configured. <see cref="Build"/> makes the cluster.</summary>
public sealed class TestClusterBuilder
{
    private readonly List<Func<ISiloConfigurator>> _configurators = [];

    public TestClusterBuilder(int initialSilosCount = 1)
    {
        Options.InitialSilosCount = initialSilosCount;
    }

    public TestClusterOptions Options { get; } = new();

    /// <summary>Adds a configurator type; a fresh instance configures each silo.</summary>
    public TestClusterBuilder AddSiloBuilderConfigurator<TConfigurator>()
        where TConfigurator : ISiloConfigurator, new()
    {
        _configurators.Add(static () => new TConfigurator());
        return this;
    }

    /// <summary>Adds a configuration callback run for each silo.</summary>
    public TestClusterBuilder ConfigureSilo(Action<ISiloBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configurators.Add(() => new DelegateConfigurator(configure));
        return this;
    }

    public TestCluster Build() => new(Options, [.. _configurators]);

    private sealed class DelegateConfigurator(Action<ISiloBuilder> configure) : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => configure(siloBuilder);
    }
}
