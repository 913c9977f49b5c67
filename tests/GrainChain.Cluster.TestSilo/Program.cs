using GrainChain.Cluster.TestSilo;
using GrainChain.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// One silo of a multi-process test cluster. Exit codes: 0 stopped, 1 failed to start, 2 bad arguments.
TestSiloSettings settings;
try
{
    settings = TestSiloSettings.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync($"GrainChain.Cluster.TestSilo: {exception.Message}\n{TestSiloSettings.Usage}");
    return 2;
}

using var host = TestSiloHost.Build(settings);
var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GrainChain.Cluster.TestSilo");
try
{
    await host.StartAsync();
}
catch (Exception exception)
{
    logger.LogCritical(exception, "The silo failed to start");
    return 1;
}

var silo = host.Services.GetRequiredService<Silo>();
// The one line on standard output: the parent waits for it, then reads the address from it.
Console.Out.WriteLine($"READY {silo.SiloAddress}");
Console.Out.Flush();
if (settings.StopOnStdinClose)
{
    StdinWatcher.StopHostWhenStdinCloses(host.Services.GetRequiredService<IHostApplicationLifetime>(), logger);
}

await host.WaitForShutdownAsync();
logger.LogInformation("Silo {Silo} stopped", silo.SiloAddress);
return 0;
