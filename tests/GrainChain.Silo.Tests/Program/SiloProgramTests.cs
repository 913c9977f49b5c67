using System.Globalization;
using System.Net;
using System.Text;
using GrainChain.Hosting.TestSilo.Harness;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GrainChain.Silo.Tests.Program;

/// <summary>
/// The silo host's own <c>Program</c> (configuration layers, problem details, status code pages, the gateway, health)
/// under <see cref="WebApplicationFactory{TEntryPoint}"/>: the whole pipeline as shipped, on a test server.
/// </summary>
public sealed class SiloProgramTests : IClassFixture<SiloProgramTests.Factory>
{
    private readonly HttpClient _client;
    private readonly Factory _factory;

    public SiloProgramTests(Factory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    /// <summary>The program on the memory backend with free Orleans ports, given as the command line would give them.</summary>
    public sealed class Factory : WebApplicationFactory<global::Program>
    {
        private readonly int[] _ports = FreePorts.Take(2);

        public string ClusterId { get; } = "factory-" + Guid.NewGuid().ToString("N")[..8];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("GrainChain:Backend", "Memory");
            builder.UseSetting("GrainChain:ClusterId", ClusterId);
            builder.UseSetting("GrainChain:SiloPort", _ports[0].ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("GrainChain:GatewayPort", _ports[1].ToString(CultureInfo.InvariantCulture));
            builder.UseSetting("GrainChain:AdvertisedAddress", "127.0.0.1");
        }
    }

    [Fact]
    public async Task Health_answers_ok_through_the_shipped_pipeline()
    {
        using var response = await _client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"ok\"", body, StringComparison.Ordinal);
        // The factory's settings reached the silo the program built.
        Assert.Contains($"\"{_factory.ClusterId}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_flow_mines_and_lists_the_chain_on_the_default_node()
    {
        using var mined = await _client.PostAsync(new Uri("/mine", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, mined.StatusCode);
        Assert.Contains("New Block Forged", await mined.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var chain = await _client.GetAsync(new Uri("/chain", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, chain.StatusCode);
        Assert.Contains("\"length\"", await chain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/no/such/path", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/chain", HttpStatusCode.MethodNotAllowed)]
    public async Task What_no_route_answers_is_still_a_problem_body(string method, string path, HttpStatusCode status)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_naming_the_body()
    {
        using var response = await _client.PostAsync(new Uri("/transactions/new", UriKind.Relative),
            new StringContent("{\"sender\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("body", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
