namespace GrainChain.Silo.Http;

/// <summary>The HTTP gateway: the seeds' routes and the native REST API over the ledger grains.</summary>
public static class GatewayEndpoints
{
    /// <summary>
    /// Maps every gateway route on <paramref name="endpoints"/>: the seed's routes on the default node (at the root)
    /// and on every node (under <c>/nodes/{name}</c>), and the native REST API under <c>/api</c>. Settings come from
    /// the <c>GrainChain:Gateway</c> section (<see cref="GatewayOptions"/>); no services need registering. Every
    /// error is an RFC 7807 problem body.
    /// </summary>
    public static IEndpointRouteBuilder MapGrainChainGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new GatewayOptions();
        endpoints.ServiceProvider.GetService<IConfiguration>()?.GetSection(GatewayOptions.Section).Bind(options);
        var nodes = new GatewayNodes(options);

        var root = endpoints.MapGroup("").AddEndpointFilter(GatewayErrors.Filter);
        SeedRoutes.Map(root, nodes, nodes.DefaultAsync);
        SeedRoutes.Map(root.MapGroup("/nodes/{name}"), nodes,
            http => Task.FromResult(GatewayNodes.Node(http, http.Request.RouteValues["name"] as string)));
        RestRoutes.Map(root.MapGroup("/api"), nodes);
        EventsEndpoint.Map(endpoints, root);

        // Paths under the gateway's prefixes that match no route: a problem body too (other paths are the host's).
        foreach (var prefix in new[] { "/api/{**rest}", "/nodes/{**rest}" })
            endpoints.MapFallback(prefix, (HttpContext http) => GatewayProblem.Problem(StatusCodes.Status404NotFound, "Not found",
                $"no gateway route matches {http.Request.Method} {http.Request.Path}", "path"));
        return endpoints;
    }
}
