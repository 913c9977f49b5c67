using System.Text.Json.Nodes;
using GrainChain.Silo.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Silo.Tests.Http;

public sealed class GatewayErrorTests
{
    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_without_details()
    {
        using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var context = new DefaultEndpointFilterInvocationContext(http);

        var result = await GatewayErrors.Filter(context, _ => throw new InvalidOperationException("secret connection string"));
        await ((IResult)result!).ExecuteAsync(http);

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var text = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.Equal(500, (int)JsonNode.Parse(text)!["status"]!);
    }
}
