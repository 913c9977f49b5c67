using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GrainChain.Ledger.Primitives;

namespace GrainChain.Benchmarks.Http;

/// <summary>The load program's control calls on the gateway (creating nodes, mining, reading accounts), outside any timing.</summary>
public sealed class GatewayClient(Uri url) : IDisposable
{
    private const int MaxMinePerCall = 1_000;

    private readonly HttpClient _http = new() { BaseAddress = url, Timeout = TimeSpan.FromMinutes(10) };

    public Uri Url => url;

    public HttpClient Http => _http;

    /// <summary>Creates a node on the trivially minable <c>test</c> profile, mining to <paramref name="miner"/>.</summary>
    public async Task CreateNodeAsync(string name, Address miner)
    {
        var body = new JsonObject { ["name"] = name, ["profile"] = "test", ["miner"] = miner.ToString() };
        using var response = await _http.PostAsync("/api/nodes", Json(body));
        await ExpectAsync(response, $"create node {name}", HttpStatusCode.Created, HttpStatusCode.OK);
    }

    /// <summary>Mines <paramref name="blocks"/> blocks on the node, at most a thousand per call.</summary>
    public async Task MineAsync(string name, int blocks)
    {
        while (blocks > 0)
        {
            var now = Math.Min(blocks, MaxMinePerCall);
            using var response = await _http.PostAsync($"/api/nodes/{name}/mine?blocks={now}", null);
            await ExpectAsync(response, $"mine {now} blocks on {name}", HttpStatusCode.OK);
            blocks -= now;
        }
    }

    public async Task<(long Balance, ulong NextNonce)> AccountAsync(string name, Address address)
    {
        using var response = await _http.GetAsync($"/api/nodes/{name}/accounts/{address}");
        var root = await ExpectAsync(response, $"account {address} on {name}", HttpStatusCode.OK);
        return (root.GetProperty("balance").GetInt64(), root.GetProperty("nextNonce").GetUInt64());
    }

    public async Task<JsonElement> StatusAsync(string name)
    {
        using var response = await _http.GetAsync($"/api/nodes/{name}");
        return await ExpectAsync(response, $"status of {name}", HttpStatusCode.OK);
    }

    /// <summary>Submits one transfer body through the seed route; anything but 201 throws.</summary>
    public async Task SubmitAsync(string name, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await _http.PostAsync($"/nodes/{name}/transactions/new", content);
        await ExpectAsync(response, $"submit a transfer to {name}", HttpStatusCode.Created);
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, string what, params HttpStatusCode[] expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (Array.IndexOf(expected, response.StatusCode) < 0)
            throw new InvalidOperationException($"{what}: HTTP {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public void Dispose() => _http.Dispose();
}
