using GrainChain.Runtime.Messaging;

namespace GrainChain.Runtime.Tests.Messaging;

public sealed class SiloPingProberTests
{
    [Fact]
    public async Task A_live_silo_answers()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var prober = new SiloPingProber(a.Cache);

        Assert.True(await prober.ProbeAsync(b.Address, TestWait.Safety, CancellationToken.None));
        Assert.True(await prober.ProbeAsync(b.Address, TestWait.Safety, CancellationToken.None));
        Assert.False(b.Handler.Frames.TryRead(out _));
    }

    [Fact]
    public async Task A_dead_endpoint_does_not()
    {
        await using var a = TestSilo.Start();
        var gone = TestSilo.Start();
        var address = gone.Address;
        await gone.DisposeAsync();
        var prober = new SiloPingProber(a.Cache);

        Assert.False(await prober.ProbeAsync(address, TestWait.Safety, CancellationToken.None));
    }

    [Fact]
    public async Task A_silo_marked_dead_does_not()
    {
        await using var a = TestSilo.Start();
        await using var b = TestSilo.Start();
        var prober = new SiloPingProber(a.Cache);
        Assert.True(await prober.ProbeAsync(b.Address, TestWait.Safety, CancellationToken.None));

        a.Cache.MarkDead(b.Address);

        Assert.False(await prober.ProbeAsync(b.Address, TestWait.Safety, CancellationToken.None));
    }
}
