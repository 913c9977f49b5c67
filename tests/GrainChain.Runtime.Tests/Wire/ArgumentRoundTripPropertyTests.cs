using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using WireProxy = GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>Whatever the arguments, the request the factory makes reads back exactly what the caller's request wrote.</summary>
public sealed class ArgumentRoundTripPropertyTests
{
    private static T ReadBack<T>(BinaryGrainSerializer serializer, GrainRuntime runtime, T written)
        where T : GrainRequest
    {
        var writer = new GrainWriter(serializer.Codecs, serializer.Limits.MaxDepth);
        try
        {
            Assert.True(written.TryWriteArguments(writer, out _));
            Assert.True(runtime.Types.TryCreateRequest(written.InterfaceId, (ushort)written.MethodId, out var read));
            Assert.True(read.TryReadArguments(writer.WrittenSpan, serializer.Codecs, serializer.Limits, out var error), error?.Message);
            return Assert.IsType<T>(read);
        }
        finally
        {
            writer.ReturnBuffer();
        }
    }

    [Fact]
    public async Task Scalars_strings_and_arrays_round_trip()
    {
        await using var cluster = await TestClusters.StartAsync();
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();

        Prop.ForAll(
            ArbMap.Default.ArbFor<(int, double, string?, byte[], long[], Guid)>(),
            arguments =>
            {
                var (count, ratio, label, payload, numbers, id) = arguments;
                var sent = new WireProxy.Request4 { Arg0 = count, Arg1 = ratio, Arg2 = label, Arg3 = payload, Arg4 = numbers, Arg5 = id };
                var received = ReadBack(serializer, runtime, sent);
                bool same = received.Arg0 == count
                    && BitConverter.DoubleToInt64Bits(received.Arg1) == BitConverter.DoubleToInt64Bits(ratio)
                    && received.Arg2 == label
                    && received.Arg3.SequenceEqual(payload)
                    && received.Arg4.SequenceEqual(numbers)
                    && received.Arg5 == id;
                received.Discard();
                return same;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Records_with_nested_arrays_round_trip()
    {
        await using var cluster = await TestClusters.StartAsync();
        var serializer = cluster.ServiceProvider.GetRequiredService<BinaryGrainSerializer>();
        var runtime = cluster.ServiceProvider.GetRequiredService<GrainRuntime>();
        var entries =
            from account in ArbMap.Default.GeneratorFor<NonNull<string>>()
            from amount in ArbMap.Default.GeneratorFor<long>()
            from tags in Gen.ArrayOf(ArbMap.Default.GeneratorFor<NonNull<string>>())
            select new LedgerEntry(account.Get, amount, [.. tags.Select(t => t.Get)]);

        Prop.ForAll(entries.ToArbitrary(), ArbMap.Default.ArbFor<NonNull<string>>(), (entry, memo) =>
        {
            var received = ReadBack(serializer, runtime, new WireProxy.Request1 { Arg0 = entry, Arg1 = memo.Get });
            bool same = received.Arg0.Account == entry.Account
                && received.Arg0.Amount == entry.Amount
                && received.Arg0.Tags.SequenceEqual(entry.Tags)
                && received.Arg1 == memo.Get;
            received.Discard();
            return same;
        }).QuickCheckThrowOnFailure();
    }
}
