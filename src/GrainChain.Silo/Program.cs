using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Silo.Http;

var builder = WebApplication.CreateBuilder(args);
builder.UseOrleans(silo => silo.AddGrainChain().AddGrainChainGrains());
var app = builder.Build();
app.MapGrainChainGateway();
await app.RunAsync();

/// <summary>The silo host's entry point (public for the tests' WebApplicationFactory).</summary>
public partial class Program;
