using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.References;
using GrainChain.Runtime.Tests.Support;
using WireProxy = GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>
/// Calls cross from one silo's runtime to another's as bytes: the caller's request is written, a request made by the
/// target's factory reads it, a real activation runs it, the sink writes the response, and the caller's request is
/// completed from those bytes.
/// </summary>
public sealed class RemoteCallRoundTripTests
{
    private static async Task<(TestingHost.TestCluster Caller, TestingHost.TestCluster Target, WireLink Link)> StartAsync()
    {
        var caller = await TestClusters.StartAsync();
        var target = await TestClusters.StartAsync();
        return (caller, target, new WireLink(caller, target));
    }

    private static GrainReference Wire(TestingHost.TestCluster silo, string key) => (GrainReference)silo.Client.GetGrain<IWireGrain>(key);

    [Fact]
    public async Task Every_return_shape_round_trips_with_zero_one_and_several_arguments()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var grain = Wire(caller, "shapes");
        var entry = new LedgerEntry("alice", 40, ["first"]);

        // Task, two arguments (a record and a string).
        await link.CallAsync(new WireProxy.Request1 { Arg0 = entry, Arg1 = "memo" }, grain, completesTask: true);
        // Task<T>, no arguments: the grain on the target silo kept the entry.
        Assert.Equal(40, await link.CallAsync(new WireProxy.Request0(), grain, completesTask: true));
        // ValueTask<T>, one record argument, record result.
        var doubled = await link.CallAsync(new WireProxy.Request2 { Arg0 = entry }, grain, completesTask: false);
        Assert.Equal("alice", doubled.Account);
        Assert.Equal(80, doubled.Amount);
        Assert.Equal(["first", "doubled"], doubled.Tags);
        // Task<List<record>>: the state the target silo holds comes back whole.
        var history = await link.CallAsync(new WireProxy.Request5(), grain, completesTask: true);
        var recorded = Assert.Single(history);
        Assert.Equal(["first", "memo"], recorded.Tags);
        // ValueTask, no arguments.
        await link.CallAsync(new WireProxy.Request3(), grain, completesTask: false);
        Assert.Equal(0, await target.Client.GetGrain<IWireGrain>("shapes").TotalAsync());
    }

    [Fact]
    public async Task Arguments_of_many_kinds_arrive_intact()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var id = Guid.NewGuid();
        var request = new WireProxy.Request4
        {
            Arg0 = -7,
            Arg1 = 0.1,
            Arg2 = "ünïcödé ✓",
            Arg3 = [0xDE, 0xAD, 0x00, 0xFF],
            Arg4 = [long.MinValue, 0, long.MaxValue],
            Arg5 = id,
        };

        var described = await link.CallAsync(request, Wire(caller, "kinds"), completesTask: true);

        Assert.Equal($"-7|0.1|ünïcödé ✓|DEAD00FF|{long.MinValue},0,{long.MaxValue}|{id:N}", described);
    }

    [Fact]
    public async Task A_null_argument_arrives_as_null()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var request = new WireProxy.Request4 { Arg0 = 1, Arg1 = 2, Arg2 = null, Arg3 = [], Arg4 = [], Arg5 = Guid.Empty };

        Assert.Equal($"1|2|(none)|||{Guid.Empty:N}", await link.CallAsync(request, Wire(caller, "nulls"), completesTask: true));
    }

    [Fact]
    public async Task A_grain_reference_argument_is_rebuilt_on_the_target_silo_and_called_there()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var greeter = caller.Client.GetGrain<IGreeterGrain>("alice");

        var greeting = await link.CallAsync(new WireProxy.Request6 { Arg0 = greeter, Arg1 = "bob" }, Wire(caller, "refs"), completesTask: true);

        Assert.Equal("alice greets bob", greeting);
    }

    [Fact]
    public async Task A_grain_reference_result_is_rebuilt_on_the_caller_silo()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;

        var partner = await link.CallAsync(new WireProxy.Request7(), Wire(caller, "r9"), completesTask: true);

        Assert.Same(link.CallerRuntime, ((GrainReference)partner).Runtime);
        Assert.Equal(caller.Client.GetGrain<IGreeterGrain>("partner-of-r9"), partner);
        Assert.Equal("partner-of-r9 greets carol", await partner.GreetAsync("carol"));
    }

    [Fact]
    public async Task An_inherited_method_travels_under_its_declaring_interface()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var request = new WireProxy.Request11();

        Assert.Equal(typeof(IWireBaseGrain).FullName, request.InterfaceName);
        Assert.Equal(GrainChain.Runtime.Metadata.GrainInterfaceId.Compute(typeof(IWireBaseGrain).FullName!), request.InterfaceId);
        Assert.Equal("inherited", await link.CallAsync(request, Wire(caller, "inherited"), completesTask: true));
    }

    [Fact]
    public async Task An_exception_of_a_type_the_caller_does_not_know_arrives_with_its_name_and_message()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;

        var error = await Assert.ThrowsAsync<RemoteGrainException>(() =>
            link.CallAsync(new WireProxy.Request8 { Arg0 = "overdraft of 5" }, Wire(caller, "fails"), completesTask: true));

        Assert.Equal(typeof(WireRuleViolatedException).FullName, error.OriginalTypeName);
        Assert.Equal("overdraft of 5", error.Message);
    }

    [Fact]
    public async Task A_known_exception_thrown_after_an_await_arrives_as_itself()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;

        var error = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await link.CallAsync(new WireProxy.Request9 { Arg0 = "amount must be positive" }, Wire(caller, "fails-later"), completesTask: false));

        Assert.Equal("amount must be positive", error.Message);
    }

    [Fact]
    public async Task A_call_to_a_grain_that_cannot_activate_is_answered_with_the_activation_failure()
    {
        var (caller, target, link) = await StartAsync();
        await using var _ = caller;
        await using var __ = target;
        var broken = (GrainReference)caller.Client.GetGrain<IWireBrokenGrain>("b");
        var request = new GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireBrokenGrain.Request0();
        var pending = request.AsTask();

        var frame = link.Send(request, broken);
        var response = await link.ReceiveAsync(frame).Within();
        link.Complete(request, response);

        Assert.True(response.IsFailure);
        Assert.IsType<InvalidOperationException>(response.Undelivered);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => pending);
        Assert.Equal("This grain refuses to activate.", error.Message);
    }
}
