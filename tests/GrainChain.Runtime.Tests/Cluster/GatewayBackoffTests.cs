using System.Net;
using GrainChain.Runtime.Client;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>The cluster client's per-gateway reconnect back-off, on a fixed clock.</summary>
public sealed class GatewayBackoffTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IPEndPoint A = new(IPAddress.Loopback, 1001);
    private static readonly IPEndPoint B = new(IPAddress.Loopback, 1002);

    [Fact]
    public void Waits_double_per_failure_up_to_the_maximum_and_reset_on_success()
    {
        var backoff = new GatewayBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        Assert.True(backoff.IsDue(A, Start));

        var waits = Enumerable.Range(0, 6).Select(_ => backoff.Failed(A, Start).Wait.TotalMilliseconds).ToList();

        Assert.Equal([100, 200, 400, 800, 1000, 1000], waits);
        Assert.False(backoff.IsDue(A, Start + TimeSpan.FromMilliseconds(999)));
        Assert.True(backoff.IsDue(A, Start + TimeSpan.FromSeconds(1)));
        backoff.Succeeded(A);
        Assert.True(backoff.IsDue(A, Start));
        Assert.Equal(TimeSpan.FromMilliseconds(100), backoff.Failed(A, Start).Wait);
    }

    [Fact]
    public void The_next_retry_is_the_earliest_among_the_waiting_gateways_and_unlisted_ones_are_forgotten()
    {
        var backoff = new GatewayBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        backoff.Failed(A, Start);
        backoff.Failed(A, Start);
        backoff.Failed(B, Start);

        Assert.Equal(Start + TimeSpan.FromMilliseconds(100), backoff.NextRetry([A, B]));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(200), backoff.NextRetry([A]));
        Assert.Null(backoff.NextRetry([]));

        backoff.Retain([B]);
        Assert.True(backoff.IsDue(A, Start));
        Assert.Equal((1, TimeSpan.FromMilliseconds(100)), backoff.Failed(A, Start));
    }
}
