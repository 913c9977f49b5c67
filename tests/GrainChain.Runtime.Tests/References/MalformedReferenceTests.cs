using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Serialization;
using GrainChain.Runtime.Tests.Support;
using GrainChain.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using static GrainChain.Runtime.Tests.References.ReferenceWireBytes;

namespace GrainChain.Runtime.Tests.References;

/// <summary>Untrusted bytes where grain references and identities are expected fail only with <see cref="GrainSerializationException"/>.</summary>
public sealed class MalformedReferenceTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IGrainSerializer Serializer => _cluster.ServiceProvider.GetRequiredService<IGrainSerializer>();

    public async Task InitializeAsync() => _cluster = await TestClusters.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private string GreeterInterface => ((GrainReference)(object)_cluster.Client.GetGrain<IGreeterGrain>("x")).InterfaceType.Name;

    private GrainSerializationException Refused<T>(byte[] bytes) =>
        Assert.Throws<GrainSerializationException>(() => Serializer.FromBytes<T>(bytes));

    private bool FailsCleanlyOrSucceeds<T>(byte[] bytes)
    {
        try
        {
            Serializer.FromBytes<T>(bytes);
            return true;
        }
        catch (GrainSerializationException)
        {
            return true;
        }
    }

    [Fact]
    public void The_hand_built_encoding_matches_the_codec_so_the_other_cases_test_what_they_claim()
    {
        var bytes = Reference("greeter", "k", GreeterInterface);

        Assert.Equal(bytes, Serializer.ToBytes(_cluster.Client.GetGrain<IGreeterGrain>("k")));
        Assert.Equal("k", Serializer.FromBytes<IGreeterGrain>(bytes).GetPrimaryKeyString());
    }

    [Fact]
    public void Every_truncation_of_a_record_with_references_is_refused()
    {
        var bytes = Serializer.ToBytes(new Contacts(
            _cluster.Client.GetGrain<IGreeterGrain>("p"),
            [_cluster.Client.GetGrain<IGreeterGrain>("o")],
            _cluster.Client.GetGrain<IGuidGreeterGrain>(Guid.NewGuid()),
            new GrainId(new GrainType("greeter"), "p"),
            StreamId.Create("ns", "k")));

        for (var length = 0; length < bytes.Length; length++)
        {
            Refused<Contacts>(bytes[..length]);
        }
    }

    [Fact]
    public void Every_truncation_of_a_reference_and_of_ids_is_refused()
    {
        var reference = Serializer.ToBytes(_cluster.Client.GetGrain<IGreeterGrain>("truncated"));
        var grainId = Serializer.ToBytes(new GrainId(new GrainType("greeter"), "truncated"));
        var streamId = Serializer.ToBytes(StreamId.Create("blocks", "truncated"));

        // Length 0 is not checked for the reference: a lone 0 byte is the null reference.
        for (var length = 1; length < reference.Length; length++)
        {
            Refused<IGreeterGrain>(reference[..length]);
        }

        for (var length = 0; length < grainId.Length; length++)
        {
            Refused<GrainId>(grainId[..length]);
        }

        for (var length = 0; length < streamId.Length; length++)
        {
            Refused<StreamId>(streamId[..length]);
        }
    }

    [Fact]
    public void Random_bytes_never_throw_anything_else() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            FailsCleanlyOrSucceeds<IGreeterGrain>(bytes)
            && FailsCleanlyOrSucceeds<IGrain>(bytes)
            && FailsCleanlyOrSucceeds<Contacts>(bytes)
            && FailsCleanlyOrSucceeds<List<IGreeterGrain>>(bytes)
            && FailsCleanlyOrSucceeds<GrainId>(bytes)
            && FailsCleanlyOrSucceeds<StreamId>(bytes)
            && FailsCleanlyOrSucceeds<GrainInterfaceType>(bytes))
        .QuickCheckThrowOnFailure();

    [Fact]
    public void Corrupting_any_byte_of_a_valid_reference_fails_cleanly_or_decodes()
    {
        var valid = Serializer.ToBytes(new List<IGreeterGrain> { _cluster.Client.GetGrain<IGreeterGrain>("a"), _cluster.Client.GetGrain<IGreeterGrain>("b") });

        Prop.ForAll(Gen.Choose(0, valid.Length - 1).ToArbitrary(), ArbMap.Default.ArbFor<byte>(), (position, value) =>
        {
            var corrupt = (byte[])valid.Clone();
            corrupt[position] = value;
            return FailsCleanlyOrSucceeds<List<IGreeterGrain>>(corrupt);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_key_length_over_the_bound_is_refused_before_reading_it()
    {
        // Declares 1 GB of key, far beyond the bytes present: the bound is what refuses it, naming the field.
        byte[] content = [.. Text("greeter"), .. VarUInt((1u << 30) + 1), .. "abc"u8];

        Assert.Contains("Grain key declares", Refused<IGreeterGrain>(Region(content)).Message);
        Assert.Contains("Grain key declares", Refused<GrainId>(Region(content)).Message);
    }

    [Fact]
    public void Over_long_texts_that_are_really_present_are_refused_naming_the_field()
    {
        var longKey = new string('k', IdentityWireLimits.MaxKeyBytes + 1);
        var longType = new string('t', IdentityWireLimits.MaxGrainTypeBytes + 1);
        var longInterface = new string('i', IdentityWireLimits.MaxInterfaceTypeBytes + 1);

        Assert.Contains("Grain key", Refused<IGreeterGrain>(Reference("greeter", longKey, GreeterInterface)).Message);
        Assert.Contains("Grain type", Refused<IGreeterGrain>(Reference(longType, "k", GreeterInterface)).Message);
        Assert.Contains("Grain interface type", Refused<IGreeterGrain>(Reference("greeter", "k", longInterface)).Message);
        Assert.Contains("Stream namespace", Refused<StreamId>(Region([.. Text(new string('n', 300)), .. Text("k")])).Message);
    }

    [Fact]
    public void A_region_longer_than_the_input_is_refused()
    {
        var valid = Reference("greeter", "k", GreeterInterface);
        byte[] lying = [.. VarUInt((uint)valid.Length + 50), .. valid[1..]];

        Refused<IGreeterGrain>(lying);
    }

    [Fact]
    public void A_text_length_that_runs_past_its_region_is_refused()
    {
        // The key claims 40 bytes; the region ends after 3, though the input goes on with the interface name.
        byte[] content = [.. Text("greeter"), .. VarUInt(41), .. "abc"u8];
        byte[] bytes = [.. Region(content), .. Text(GreeterInterface), .. new byte[40]];

        Refused<IGreeterGrain>(bytes);
    }

    [Fact]
    public void Null_or_empty_identity_fields_are_refused()
    {
        Assert.Contains("Grain type is empty", Refused<IGreeterGrain>(Reference("", "k", GreeterInterface)).Message);
        Assert.Contains("Grain interface type is empty", Refused<IGreeterGrain>(Reference("greeter", "k", "")).Message);
        Assert.Contains("Grain key is null", Refused<IGreeterGrain>(Region([.. Text("greeter"), 0, .. Text(GreeterInterface)])).Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_key_is_refused()
    {
        byte[] content = [.. Text("greeter"), .. VarUInt(3), 0xC3, 0x28, .. Text(GreeterInterface)];

        Assert.Contains("not valid UTF-8", Refused<IGreeterGrain>(Region(content)).Message);
    }

    [Fact]
    public void An_interface_this_silo_does_not_know_is_refused_naming_it()
    {
        var error = Refused<IGrain>(Reference("greeter", "k", "Somewhere.Else.IUnknownGrain"));

        Assert.Contains("'Somewhere.Else.IUnknownGrain'", error.Message);
        Assert.Contains("does not know", error.Message);
    }

    [Fact]
    public void A_known_interface_that_is_not_the_expected_one_is_refused_naming_both()
    {
        var guidInterface = ((GrainReference)(object)_cluster.Client.GetGrain<IGuidGreeterGrain>(Guid.NewGuid())).InterfaceType.Name;

        var error = Refused<IGreeterGrain>(Reference("guidgreeter", Guid.NewGuid().ToString("N"), guidInterface));

        Assert.Contains(guidInterface, error.Message);
        Assert.Contains(nameof(IGreeterGrain), error.Message);
    }
}
