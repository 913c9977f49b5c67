using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Hosting.Schema;
using GrainChain.Silo.Hosting;
using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Orleans.Runtime;

// grainchain-silo: an Orleans silo with the ledger grains and the HTTP gateway in one process.
// Exit codes: 0 stopped normally (Ctrl-C, SIGTERM); 2 bad configuration (the message names the setting);
// 1 could not start (a database file that is not a GrainChain database, an unreachable server, a port in use).
// The host's default configuration sources are replaced below (SiloConfiguration.Layer), but as the builder is made
// they would set a file watcher on the working directory, which holds the data folder: every SQLite write would wake
// it (3% of the silo's CPU under a transfer load).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
SiloHostOptions host;
try
{
    SiloConfiguration.Layer(builder.Configuration, args, Environment.GetEnvironmentVariables());
    host = SiloHostOptions.Read(builder.Configuration);
    builder.UseOrleans(silo =>
    {
        silo.AddGrainChain().AddGrainChainGrains();
        if (host.Dashboard.Enabled) silo.AddDashboard();
    });
}
catch (Exception e) when (e is SiloConfigurationException or GrainChainConfigurationException)
{
    Console.Error.WriteLine($"grainchain-silo: invalid configuration: {e.Message}");
    return 2;
}

builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);
// Answers the gateway's routes do not write themselves (a wrong method, a path nothing maps) get a problem body too.
builder.Services.AddProblemDetails();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(host.HttpBindAddress, host.HttpPort));

await using var app = builder.Build();
app.UseStatusCodePages();
app.MapSiloHealth();
app.MapGrainChainGateway();
if (host.Dashboard.Enabled) app.MapOrleansDashboard(routePrefix: "/dashboard");

try
{
    await app.StartAsync();
}
catch (GrainChainDatabaseException e)
{
    Console.Error.WriteLine($"grainchain-silo: error: {e.Message}");
    return 1;
}
catch (Exception e) when (e is OptionsValidationException || e is ArgumentException && e.Message.Contains("GrainChain:", StringComparison.Ordinal))
{
    // A setting the grains check as the silo starts (GrainChain:Peers:…, GrainChain:Blocks:…).
    Console.Error.WriteLine($"grainchain-silo: invalid configuration: {e.Message}");
    return 2;
}
catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException or OrleansException)
{
    Console.Error.WriteLine($"grainchain-silo: could not start: {e.Message}");
    return 1;
}

var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(SiloLog.Category);
var silo = app.Services.GetRequiredService<ILocalSiloDetails>();
var settings = app.Services.GetRequiredService<IOptions<GrainChainOptions>>().Value;
SiloLog.SiloListening(log, silo.SiloAddress.ToString(), silo.SiloAddress.Endpoint.ToString(), settings.ClusterId, settings.Backend.ToString());
if (silo.GatewayAddress is { } gateway) SiloLog.GatewayListening(log, gateway.Endpoint.ToString());
else SiloLog.NoGateway(log);
var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
var url = urls?.FirstOrDefault() ?? $"http://{host.HttpBindAddress}:{host.HttpPort}";
if (host.Dashboard.Enabled) SiloLog.DashboardAt(log, url.TrimEnd('/') + "/dashboard");
SiloLog.HttpListening(log, url);

await app.WaitForShutdownAsync();
return 0;

/// <summary>The silo host's entry point (public for the tests' WebApplicationFactory).</summary>
public partial class Program;
