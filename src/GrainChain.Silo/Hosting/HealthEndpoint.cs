using System.Text.Json;
using System.Text.Json.Serialization;
using GrainChain.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GrainChain.Silo.Hosting;

/// <summary><c>GET /health</c>: 200 with <c>{"status":"ok","silo":…,"cluster":…}</c> while the host runs.</summary>
internal static class HealthEndpoint
{
    public const string Route = "/health";

    public static IEndpointRouteBuilder MapSiloHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, (ILocalSiloDetails silo, IOptions<GrainChainOptions> options) => Results.Json(new HealthReport(
            "ok", silo.SiloAddress.ToString(), options.Value.ClusterId, silo.GatewayAddress?.Endpoint.ToString()), HealthJson.Default.HealthReport));
        return endpoints;
    }

    /// <summary>The health answer.</summary>
    internal sealed record HealthReport(string Status, string Silo, string Cluster, string? Gateway);
}

/// <summary>The health answer's JSON, generated at compile time: the first <c>GET /health</c> (what <c>grainchain up</c> waits for) reflects over nothing.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthEndpoint.HealthReport))]
internal sealed partial class HealthJson : JsonSerializerContext;
