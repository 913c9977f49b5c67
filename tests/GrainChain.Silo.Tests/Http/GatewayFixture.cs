using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Ledger.Wallets;
using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace GrainChain.Silo.Tests.Http;

/// <summary>The gateway on a TestServer over one in-process silo on the memory backend, shared by a collection.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private WebApplication _app = null!;

    /// <summary>The key that receives the default node's rewards (set through GrainChain:Gateway:MinerAddress).</summary>
    public KeyPair DefaultMiner { get; } = KeyPair.Generate();

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await GatewayHost.StartAsync(builder =>
            builder.Configuration["GrainChain:Gateway:MinerAddress"] = DefaultMiner.Address.ToString());
        Client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        DefaultMiner.Dispose();
    }

    /// <summary>Creates a node on the test profile paying <paramref name="miner"/>; a unique name per call.</summary>
    public async Task<string> CreateNodeAsync(KeyPair miner, string prefix = "n")
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var response = await Client.PostAsJsonAsync("/api/nodes", new { name, profile = "test", miner = miner.Address.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts a problem body with <paramref name="status"/>; returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        if (field is not null) Assert.Equal(field, (string?)problem["field"]);
        return problem;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
