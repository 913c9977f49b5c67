using FsCheck;
using FsCheck.Fluent;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Streams;
using GrainChain.Runtime.Tests.Serialization;

namespace GrainChain.Runtime.Tests.References;

/// <summary>GrainId, GrainInterfaceType and StreamId round-trip through the serializer for any text within the bounds.</summary>
public sealed class IdentityCodecTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    private static Gen<string> Text(int maxChars) =>
        ArbMap.Default.GeneratorFor<string>()
            .Select(s => s ?? string.Empty)
            .Select(s => s.Length > maxChars ? s[..maxChars] : s);

    private static Arbitrary<GrainId> GrainIds() =>
        (from type in Text(80).Where(t => t.Length > 0)
         from key in Text(600)
         select new GrainId(new GrainType(type), key)).ToArbitrary();

    private static Arbitrary<StreamId> StreamIds() =>
        (from ns in Text(80)
         from key in Text(600)
         select StreamId.Create(ns, key)).ToArbitrary();

    [Fact]
    public void Any_grain_id_round_trips_with_its_stable_hash() =>
        Prop.ForAll(GrainIds(), id =>
        {
            var read = _serializer.RoundTrip(id);
            return read == id && read.GetUniformHashCode() == id.GetUniformHashCode();
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Any_stream_id_round_trips() =>
        Prop.ForAll(StreamIds(), id => _serializer.RoundTrip(id) == id).QuickCheckThrowOnFailure();

    [Fact]
    public void Grain_and_stream_ids_round_trip_when_boxed_or_in_collections() =>
        Prop.ForAll(GrainIds(), StreamIds(), (grainId, streamId) =>
        {
            var boxed = _serializer.RoundTrip<object>(grainId);
            var map = _serializer.RoundTrip(new Dictionary<GrainId, StreamId> { [grainId] = streamId });
            var tuple = _serializer.RoundTrip<object>((streamId, grainId));
            return boxed is GrainId g && g == grainId
                && map.Count == 1 && map[grainId] == streamId
                && tuple is ValueTuple<StreamId, GrainId> t && t.Item1 == streamId && t.Item2 == grainId;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Default_ids_round_trip_as_default()
    {
        Assert.True(_serializer.RoundTrip(default(GrainId)).IsDefault);
        Assert.True(_serializer.RoundTrip(default(StreamId)).IsDefault);
        Assert.Null(_serializer.RoundTrip(default(GrainInterfaceType)).Name);
    }

    [Fact]
    public void An_empty_stream_namespace_and_key_are_not_the_default_id()
    {
        var empty = StreamId.Create("", "");

        var read = _serializer.RoundTrip(empty);

        Assert.False(read.IsDefault);
        Assert.Equal(empty, read);
    }

    [Fact]
    public void Interface_types_round_trip() =>
        Prop.ForAll(Text(300).Where(t => t.Length > 0).ToArbitrary(), name =>
            _serializer.RoundTrip(new GrainInterfaceType(name)) == new GrainInterfaceType(name)).QuickCheckThrowOnFailure();

    [Fact]
    public void Ids_are_copied_as_themselves()
    {
        var id = new GrainId(new GrainType("account"), "a1");

        Assert.Equal(id, _serializer.DeepCopy(id));
        Assert.Equal(StreamId.Create("blocks", 7), _serializer.DeepCopy(StreamId.Create("blocks", 7)));
    }

    [Fact]
    public void Ids_over_the_bounds_are_refused_when_written_naming_the_field()
    {
        var longKey = new GrainId(new GrainType("account"), new string('k', IdentityWireLimits.MaxKeyBytes + 1));
        var longType = new GrainId(new GrainType(new string('t', IdentityWireLimits.MaxGrainTypeBytes + 1)), "k");
        var longNamespace = StreamId.Create(new string('n', IdentityWireLimits.MaxStreamNamespaceBytes + 1), "k");

        Assert.Contains("Grain key", Assert.Throws<GrainSerializationException>(() => _serializer.SerializeToArray(longKey)).Message);
        Assert.Contains("Grain type", Assert.Throws<GrainSerializationException>(() => _serializer.SerializeToArray(longType)).Message);
        Assert.Contains("Stream namespace", Assert.Throws<GrainSerializationException>(() => _serializer.SerializeToArray(longNamespace)).Message);
    }

    [Fact]
    public void A_key_of_multibyte_characters_at_the_bound_is_measured_in_bytes()
    {
        // 682 three-byte characters are 2046 bytes: within the bound although 3 × 682 chars would not be "short".
        var atBound = new GrainId(new GrainType("t"), new string('€', IdentityWireLimits.MaxKeyBytes / 3));
        var overBound = new GrainId(new GrainType("t"), new string('€', IdentityWireLimits.MaxKeyBytes / 3 + 1));

        Assert.Equal(atBound, _serializer.RoundTrip(atBound));
        Assert.Throws<GrainSerializationException>(() => _serializer.SerializeToArray(overBound));
    }
}
