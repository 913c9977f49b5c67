namespace GrainChain.Silo.Http;

/// <summary>The HTTP gateway: the seeds' routes and the native REST API over the ledger grains.</summary>
public static class GatewayEndpoints
{
    /// <summary>Maps every gateway route on <paramref name="endpoints"/>.</summary>
    public static IEndpointRouteBuilder MapGrainChainGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints;
    }
}
