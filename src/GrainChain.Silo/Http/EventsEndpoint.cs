using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using Orleans.Streams;

namespace GrainChain.Silo.Http;

/// <summary>
/// <c>GET /events</c>: a WebSocket carrying every node's new tips as JSON text messages (<see cref="EventsMessages"/>),
/// from one subscription to the all-nodes stream, however many nodes there are; <c>GET /events?node=NAME</c> carries
/// one node's tips and transactions instead, from its own announcement stream. Each connection has a bounded send
/// queue (<see cref="EventsConnection"/>). A <c>node</c> that is empty or not a name is a 400, an unknown node a 404 and
/// a request that is not a WebSocket upgrade a 400, all before any upgrade.
/// </summary>
internal static class EventsEndpoint
{
    private const string Field = "node";

    /// <summary>
    /// Maps <c>/events</c> on <paramref name="group"/>; adds the WebSocket middleware when
    /// <paramref name="endpoints"/> is also the application (a <c>WebApplication</c>).
    /// </summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEndpointRouteBuilder group)
    {
        if (endpoints is IApplicationBuilder app) app.UseWebSockets();
        var fallback = new EventsHub(new EventsOptions());
        Func<HttpContext, Task<IResult>> handler = http => HandleAsync(http, http.RequestServices.GetService<EventsHub>() ?? fallback);
        group.MapGet("/events", handler);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, EventsHub hub)
    {
        if (!http.WebSockets.IsWebSocketRequest)
            return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request",
                "/events is a WebSocket: connect with an upgrade request", "upgrade");
        var client = http.RequestServices.GetRequiredService<IClusterClient>();
        var provider = client.GetStreamProvider(NodeStreams.ProviderName);
        var events = client.GetStreamProvider(NodeStreams.EventsProviderName);
        if (!http.Request.Query.TryGetValue(Field, out var requested))
        {
            var all = events.GetStream<NodeTipEvent>(NodeStreamIds.AllNodes);
            await EventsConnection.RunAsync(http, hub, all, "every node", EventsMessages.AllNodesFeed);
            return Results.Empty;
        }

        var name = requested.ToString();
        if (string.IsNullOrEmpty(name))
            return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request",
                "node is empty: connect to /events?node=NAME for one node, or to /events for every node", Field);
        var node = GatewayNodes.Node(http, name, Field);
        try
        {
            await node.GetStatusAsync();
        }
        catch (NodeNotFoundException e)
        {
            return GatewayProblem.Problem(StatusCodes.Status404NotFound, "Node not found", e.Message, Field);
        }

        var stream = provider.GetStream<NodeAnnouncement>(NodeStreamIds.Of(name));
        await EventsConnection.RunAsync(http, hub, stream, $"node {name}", EventsMessages.NodeFeed());
        return Results.Empty;
    }
}
