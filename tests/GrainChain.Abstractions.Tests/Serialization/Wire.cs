using GrainChain.Abstractions.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace GrainChain.Abstractions.Tests.Serialization;

/// <summary>One real Orleans serializer and copier for the tests, configured as a silo would find them.</summary>
internal static class Wire
{
    // Added explicitly so the tests do not hang on Orleans discovering application parts from the test host's
    // dependency context (it does today, but a failure there would look like a converter bug).
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(BlockConverter).Assembly))
        .BuildServiceProvider();

    public static Serializer Serializer { get; } = Services.GetRequiredService<Serializer>();

    public static DeepCopier Copier { get; } = Services.GetRequiredService<DeepCopier>();

    public static byte[] Serialize<T>(T value) => Serializer.SerializeToArray(value);

    public static T Deserialize<T>(byte[] payload) => Serializer.Deserialize<T>(payload)!;

    public static T RoundTrip<T>(T value) => Deserialize<T>(Serialize(value));

    /// <summary>Where <paramref name="part"/> first occurs in <paramref name="payload"/>; fails the test if it does not.</summary>
    public static int Find(byte[] payload, byte[] part)
    {
        var index = payload.AsSpan().IndexOf(part);
        Assert.True(index >= 0, "the canonical bytes should appear verbatim in the Orleans payload");
        return index;
    }
}
