using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Tests.Serialization;

public sealed class ExceptionSerializationTests
{
    private static Exception Thrown(Func<Exception> create)
    {
        try
        {
            throw create();
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public void Known_exception_types_are_rebuilt_with_message_and_stack_trace()
    {
        var serializer = new BinaryGrainSerializer();
        var original = Thrown(() => new InvalidOperationException("bad state", new ArgumentException("inner")));
        var copy = serializer.RoundTrip(original);

        var typed = Assert.IsType<InvalidOperationException>(copy);
        Assert.Equal("bad state", typed.Message);
        Assert.IsType<ArgumentException>(typed.InnerException);
        Assert.Equal("inner", typed.InnerException!.Message);
        Assert.Contains(nameof(Thrown), typed.StackTrace);
    }

    [Fact]
    public void Unknown_exception_types_become_remote_grain_exceptions_keeping_the_type_name()
    {
        var serializer = new BinaryGrainSerializer();
        var copy = serializer.RoundTrip<Exception>(Thrown(() => new LedgerRuleException("rule broken")));

        var remote = Assert.IsType<RemoteGrainException>(copy);
        Assert.Equal(typeof(LedgerRuleException).FullName, remote.OriginalTypeName);
        Assert.Equal("rule broken", remote.Message);
        Assert.Contains(nameof(Thrown), remote.StackTrace);
    }

    [Fact]
    public void Registered_exception_types_are_rebuilt_as_themselves()
    {
        var serializer = new BinaryGrainSerializer(new SerializerOptions().AddExceptionType((m, _) => new LedgerRuleException(m)));
        var copy = serializer.RoundTrip<Exception>(new LedgerRuleException("registered"));
        Assert.Equal("registered", Assert.IsType<LedgerRuleException>(copy).Message);
    }

    [Fact]
    public void Exceptions_travel_in_object_fields_and_records()
    {
        var serializer = new BinaryGrainSerializer();
        var copy = serializer.RoundTrip<object>(new TimeoutException("slow"));
        Assert.Equal("slow", Assert.IsType<TimeoutException>(copy).Message);
        Assert.Null(serializer.RoundTrip<Exception?>(null));
    }

    [Fact]
    public void A_remote_exception_crossing_again_keeps_its_original_type_name()
    {
        var serializer = new BinaryGrainSerializer();
        var once = serializer.RoundTrip<Exception>(new LedgerRuleException("x"));
        var twice = Assert.IsType<RemoteGrainException>(serializer.RoundTrip(once));
        Assert.Equal(typeof(LedgerRuleException).FullName, twice.OriginalTypeName);
    }

    private sealed class LedgerRuleException(string message) : Exception(message);
}
