using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.Hosting;

/// <summary>Common silo configuration steps.</summary>
public static class SiloBuilderExtensions
{
    public static ISiloBuilder Configure<TOptions>(this ISiloBuilder builder, Action<TOptions> configure)
        where TOptions : class
    {
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>Makes sure the grains of <paramref name="assembly"/> are found even if it is not loaded yet at startup.</summary>
    public static ISiloBuilder AddGrainAssembly(this ISiloBuilder builder, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        builder.Services.Configure<GrainAssemblyOptions>(o => o.Assemblies.Add(assembly));
        return builder;
    }

    /// <summary>Uses this clock for timers, call timeouts and idle collection (tests pass a manual clock).</summary>
    public static ISiloBuilder UseTimeProvider(this ISiloBuilder builder, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder.Services.AddSingleton(timeProvider);
        return builder;
    }
}
