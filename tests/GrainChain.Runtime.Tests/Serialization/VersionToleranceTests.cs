using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class VersionToleranceTests
{
    private readonly BinaryGrainSerializer _serializer = new();

    [Fact]
    public void New_reader_leaves_fields_the_old_writer_did_not_know_at_their_defaults()
    {
        var bytes = _serializer.ToBytes(new V1.Profile("ann", 31));
        var read = _serializer.FromBytes<V2.Profile>(bytes);
        Assert.Equal("ann", read.Name);
        Assert.Equal(31, read.Age);
        Assert.Null(read.Email);
        Assert.Null(read.Tags);
        Assert.Equal(0, read.Score);
        Assert.Equal(0L, read.Big);
    }

    [Fact]
    public void Old_reader_skips_fields_of_every_wire_type_it_does_not_know()
    {
        var v2 = new V2.Profile("bo", 40, "bo@example.org", ["a", "b"], 2.5, 0.5f, -1L << 40, new() { ["x"] = [1, 2] });
        var read = _serializer.FromBytes<V1.Profile>(_serializer.ToBytes(v2));
        Assert.Equal(new V1.Profile("bo", 40), read);
    }

    [Fact]
    public void Skipped_fields_inside_nested_objects_do_not_disturb_what_follows()
    {
        var v2 = new V2.Envelope(new V2.Profile("cy", 5, "e", ["t"], 1, 1, 1, null), "after");
        var read = _serializer.FromBytes<V1.Envelope>(_serializer.ToBytes(v2));
        Assert.Equal(new V1.Envelope(new V1.Profile("cy", 5), "after"), read);

        var back = _serializer.FromBytes<V2.Envelope>(_serializer.ToBytes(read));
        Assert.Equal("after", back.Trailer);
        Assert.Null(back.Profile.Email);
    }

    [Fact]
    public void A_field_whose_type_changed_is_refused_with_its_name()
    {
        var bytes = _serializer.ToBytes(new V1.Profile("dee", 7));
        var error = Assert.Throws<GrainSerializationException>(() => _serializer.FromBytes<V2.ProfileWithRetypedAge>(bytes));
        Assert.Contains("ProfileWithRetypedAge.Age", error.Message);
    }
}
