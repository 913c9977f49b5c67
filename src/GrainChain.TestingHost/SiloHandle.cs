using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.TestingHost;

/// <summary>One silo of a test cluster: its host, services and silo object.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
    }

    public string Name { get; }

    public IHost Host { get; }

    public IServiceProvider ServiceProvider => Host.Services;

    public Silo Silo => Host.Services.GetRequiredService<Silo>();

    public bool IsActive { get; internal set; } = true;
}
