using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Silo.Tests.Http;

/// <summary>The gateway on a TestServer over one in-process silo (memory backend, free ports), started for a fixture.</summary>
internal static class GatewayHost
{
    /// <summary>Builds and starts the host; <paramref name="configure"/> adds a fixture's settings and services first.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure(builder);
        var ports = FreePorts.Take(2);
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1])
            .AddGrainChainStorage(o => o.Backend = GrainChainBackend.Memory)
            .AddGrainChainGrains());
        var app = builder.Build();
        app.MapGrainChainGateway();
        await app.StartAsync();
        return app;
    }
}
