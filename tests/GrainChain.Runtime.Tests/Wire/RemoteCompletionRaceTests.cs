using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Tests.Support;
using WireProxy = GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>
/// A remote call can lose its race with a timeout on either silo; the response slot goes to exactly one side and the
/// pooled request is recycled only after both owners let go.
/// </summary>
public sealed class RemoteCompletionRaceTests : IAsyncLifetime
{
    private TestingHost.TestCluster _caller = null!;
    private TestingHost.TestCluster _target = null!;
    private WireLink _link = null!;

    public async Task InitializeAsync()
    {
        _caller = await TestClusters.StartAsync();
        _target = await TestClusters.StartAsync();
        _link = new WireLink(_caller, _target);
    }

    public async Task DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _target.DisposeAsync();
    }

    private GrainReference Wire(string key) => (GrainReference)_caller.Client.GetGrain<IWireGrain>(key);

    // What the timeout sweep does to a call whose deadline has passed.
    private static void TimeOut(GrainRequest request)
    {
        Assert.True(request.TryClaimForTimeout(request.PendingCompletion));
        request.CompleteTimedOut();
    }

    [Fact]
    public async Task A_response_arriving_after_the_caller_timed_out_is_dropped_and_the_request_is_recycled()
    {
        var request = new WireProxy.Request10 { Arg0 = "late" };
        var pending = request.AsTask();
        var frame = _link.Send(request, Wire("late"));

        TimeOut(request);
        await Assert.ThrowsAsync<TimeoutException>(() => pending);
        // The pending-call table still holds its share: the request is not recycled yet.
        Assert.Equal("late", request.GetArgument(0));

        var response = await _link.ReceiveAsync(frame).Within();
        _link.Complete(request, response);

        Assert.False(response.IsFailure);
        Assert.Null(request.GetArgument(0));
    }

    [Fact]
    public async Task A_value_task_caller_that_timed_out_releases_its_share_when_it_reads_the_timeout()
    {
        var request = new WireProxy.Request10 { Arg0 = "late-vt" };
        var pending = request.AsValueTask();
        var frame = _link.Send(request, Wire("late-vt"));

        var response = await _link.ReceiveAsync(frame).Within();
        TimeOut(request);
        _link.Complete(request, response);
        // Both the response and the executing side are done; the caller still owns the request until it reads.
        Assert.Equal("late-vt", request.GetArgument(0));

        await Assert.ThrowsAsync<TimeoutException>(async () => await pending);
        Assert.Null(request.GetArgument(0));
    }

    [Fact]
    public async Task A_connection_failure_fails_the_pending_call_and_releases_the_tables_share()
    {
        var request = new WireProxy.Request10 { Arg0 = "cut" };
        var pending = request.AsTask();
        _link.Send(request, Wire("cut"));

        request.FailUndelivered(new IOException("connection to silo B closed"));

        var error = await Assert.ThrowsAsync<IOException>(() => pending);
        Assert.Equal("connection to silo B closed", error.Message);
        Assert.Null(request.GetArgument(0));
    }

    [Fact]
    public async Task An_inbound_call_timed_out_on_the_target_silo_is_answered_once_and_never_runs()
    {
        var request = new WireProxy.Request1 { Arg0 = new LedgerEntry("carol", 9, []), Arg1 = "never" };
        var pending = request.AsTask();
        var frame = _link.Send(request, Wire("inbound-timeout"));

        var response = await _link.ReceiveAsync(frame, beforeRouting: TimeOut).Within();
        _link.Complete(request, response);

        Assert.True(response.IsFailure);
        Assert.IsType<TimeoutException>(response.Undelivered);
        await Assert.ThrowsAsync<TimeoutException>(() => pending);
        // The activation dropped the abandoned request instead of running it.
        Assert.Equal(0, await _target.Client.GetGrain<IWireGrain>("inbound-timeout").TotalAsync());
    }

    [Fact]
    public async Task Many_calls_in_parallel_each_get_their_own_answer()
    {
        var calls = Enumerable.Range(0, 200).Select(i =>
            _link.CallAsync(new WireProxy.Request10 { Arg0 = "call-" + i }, Wire("parallel-" + (i % 7)), completesTask: i % 2 == 0));

        var answers = await Task.WhenAll(calls).Within();

        Assert.Equal(Enumerable.Range(0, 200).Select(i => "call-" + i), answers);
    }
}
