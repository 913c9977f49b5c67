using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Builder;

namespace GrainChain.Silo.Tests;

public sealed class SkeletonTests
{
    [Fact]
    public void The_gateway_maps_onto_an_application()
    {
        var app = WebApplication.CreateBuilder().Build();
        Assert.Same(app, app.MapGrainChainGateway());
    }
}
