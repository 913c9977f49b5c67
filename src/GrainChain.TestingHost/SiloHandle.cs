using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GrainChain.TestingHost;

/// <summary>One silo of a test cluster: its host, services, silo object and cluster address.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, int index, IHost host)
    {
        Name = name;
        Index = index;
        Host = host;
    }

    public string Name { get; }

    /// <summary>The silo's position in start order (a restarted silo gets a new one).</summary>
    public int Index { get; }

    public IHost Host { get; }

    public IServiceProvider ServiceProvider => Host.Services;

    public Silo Silo => Host.Services.GetRequiredService<Silo>();

    /// <summary>Where the silo listens, with its generation.</summary>
    public SiloAddress SiloAddress => Silo.SiloAddress ?? throw new InvalidOperationException($"Silo {Name} has no cluster address.");

    /// <summary>False once the test stopped or killed the silo.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>True while the silo runs: the test has not stopped it and it has not stopped itself (declared dead).</summary>
    public bool IsRunning => IsActive && !Silo.IsStopped;

    public override string ToString() => $"{Name} ({Silo.SiloAddress})";
}
