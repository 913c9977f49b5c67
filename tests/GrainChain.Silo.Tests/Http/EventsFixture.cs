using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using GrainChain.Grains;
using GrainChain.Hosting;
using GrainChain.Ledger.Wallets;
using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace GrainChain.Silo.Tests.Http;

/// <summary>
/// The gateway on a TestServer over its own in-process silo, with an <see cref="EventsHub"/> the tests can watch: a
/// small send queue, and sends held forever for connections carrying <see cref="StallHeader"/> (the test server's
/// sockets never push back, so this stands in for a client that stopped reading).
/// </summary>
public sealed class EventsFixture : IAsyncLifetime
{
    public const string StallHeader = "X-Test-Stall";
    public const int QueueCapacity = 16;

    private WebApplication _app = null!;

    internal EventsHub Hub { get; } = new(new EventsOptions
    {
        QueueCapacity = QueueCapacity,
        BeforeSend = (http, cancellation) => http.Request.Headers.ContainsKey(StallHeader)
            ? new ValueTask(Task.Delay(Timeout.Infinite, cancellation))
            : ValueTask.CompletedTask,
    });

    public KeyPair Miner { get; } = KeyPair.Generate();

    public TestServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        _app = await GatewayHost.StartAsync(builder => builder.Services.AddSingleton(Hub));
        Server = _app.GetTestServer();
        Client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Miner.Dispose();
    }

    public async Task<string> CreateNodeAsync()
    {
        var name = $"ev-{Guid.NewGuid():N}"[..20];
        var response = await Client.PostAsJsonAsync("/api/nodes", new { name, profile = "test", miner = Miner.Address.ToString() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    public Uri EventsUri(string query) => new(Server.BaseAddress, "/events" + query);

    public WebSocketClient WebSockets(bool stall = false)
    {
        var client = Server.CreateWebSocketClient();
        if (stall) client.ConfigureRequest = request => request.Headers[StallHeader] = "1";
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class EventsCollection : ICollectionFixture<EventsFixture>
{
    public const string Name = "events";
}
