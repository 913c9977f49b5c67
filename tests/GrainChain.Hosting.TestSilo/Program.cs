using GrainChain.Hosting;
using GrainChain.Hosting.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

// Settings come as configuration: --GrainChain:Backend=Sqlite --GrainChain:Sqlite:Path=… --GrainChain:SiloPort=…
// Prints one "ready <silo address>" line when the silo has joined, so a test knows when to go on.
var builder = Host.CreateApplicationBuilder(args);
try
{
    builder.UseOrleans(silo => silo.AddGrainChain());
}
catch (GrainChainConfigurationException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var host = builder.Build();
try
{
    await host.StartAsync();
}
catch (GrainChainDatabaseException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}

Console.WriteLine($"ready {host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress}");
await host.WaitForShutdownAsync();
return 0;
