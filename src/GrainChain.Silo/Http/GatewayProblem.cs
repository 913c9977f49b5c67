using System.Text.Json;
using GrainChain.Abstractions.Nodes;
using GrainChain.Ledger.Encoding;

namespace GrainChain.Silo.Http;

/// <summary>
/// A request the gateway refuses: an RFC 7807 problem with its status, a short title, a sentence, the field at
/// fault (a JSON path or the name of a route or query parameter) and, for ledger rejections, the reason code.
/// </summary>
internal sealed class GatewayProblem : Exception
{
    public GatewayProblem(int status, string title, string detail, string? field = null, string? reason = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Field = field;
        Reason = reason;
    }

    public int Status { get; }
    public string Title { get; }
    public string? Field { get; }
    public string? Reason { get; }

    public static GatewayProblem BadRequest(string field, string detail) =>
        new(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static GatewayProblem NotFound(string field, string detail) =>
        new(StatusCodes.Status404NotFound, "Not found", detail, field);

    public IResult ToResult() => Problem(Status, Title, Message, Field, Reason);

    public static IResult Problem(int status, string title, string detail, string? field = null, string? reason = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null) extensions["field"] = field;
        if (reason is not null) extensions["reason"] = reason;
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}

/// <summary>Turns every exception of a gateway route into a problem body; nothing of an unexpected one reaches the client.</summary>
internal static class GatewayErrors
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e)
        {
            return Map(e, context.HttpContext);
        }
    }

    private static IResult Map(Exception exception, HttpContext http)
    {
        switch (exception)
        {
            case GatewayProblem problem:
                return problem.ToResult();
            case NodeNotFoundException notFound:
                return GatewayProblem.Problem(StatusCodes.Status404NotFound, "Node not found", notFound.Message, "name");
            case NodeConflictException conflict:
                return GatewayProblem.Problem(StatusCodes.Status409Conflict, "Conflict", conflict.Message);
            case LedgerDecodeException decode:
                return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request", decode.Message, decode.Field);
            case JsonException json:
                return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Malformed JSON",
                    $"the request body is not valid JSON: {json.Message}", json.Path is { Length: > 0 } path ? "body" + path.TrimStart('$') : "body");
            case ArgumentException argument:
                // The grains refuse bad arguments with a sentence meant for callers (unknown profile, own peer...).
                return GatewayProblem.Problem(StatusCodes.Status400BadRequest, "Invalid request", ArgumentMessage(argument), argument.ParamName);
            case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                return Results.StatusCode(499);
            case TimeoutException:
                return GatewayProblem.Problem(StatusCodes.Status504GatewayTimeout, "Timeout", "the ledger did not answer in time; try again");
            default:
                http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger("GrainChain.Silo.Http.Gateway")
                    .LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
                return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal server error",
                    detail: "the request failed unexpectedly; the error was logged");
        }
    }

    // ArgumentException.Message appends " (Parameter 'x')" and ArgumentOutOfRangeException the actual value: cut both.
    private static string ArgumentMessage(ArgumentException argument)
    {
        var message = argument.Message;
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
