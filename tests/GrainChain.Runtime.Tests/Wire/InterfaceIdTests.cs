using System.Reflection;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Metadata;

namespace GrainChain.Runtime.Tests.Wire;

/// <summary>Interface ids: the hash, the generated constants, the factories, and the startup collision check.</summary>
public sealed class InterfaceIdTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void The_id_is_fnv1a_32_of_the_name(string name, uint expected) => Assert.Equal(expected, GrainInterfaceId.Compute(name));

    [Fact]
    public void The_hash_runs_over_utf8_bytes() =>
        // "é" is the two UTF-8 bytes C3 A9; as one UTF-16 unit the hash would differ.
        Assert.Equal(Fnv1a([0xC3, 0xA9]), GrainInterfaceId.Compute("é"));

    private static uint Fnv1a(byte[] bytes)
    {
        uint hash = 2166136261;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }

    private static GrainRegistryBuilder RegistryOfThisAssembly()
    {
        var builder = new GrainRegistryBuilder();
        foreach (var attribute in typeof(InterfaceIdTests).Assembly.GetCustomAttributes<GrainRegistryAttribute>())
        {
            ((IGrainRegistry)Activator.CreateInstance(attribute.RegistryType)!).Register(builder);
        }
        return builder;
    }

    [Fact]
    public void Every_generated_factory_makes_a_request_with_the_declared_ids()
    {
        var builder = RegistryOfThisAssembly();
        Assert.NotEmpty(builder.RequestFactories);
        foreach (var factory in builder.RequestFactories)
        {
            var request = factory.Create();
            Assert.Equal(factory.InterfaceName, request.InterfaceName);
            Assert.Equal(GrainInterfaceId.Compute(request.InterfaceName), request.InterfaceId);
            Assert.Equal(factory.InterfaceId, request.InterfaceId);
            Assert.Equal(factory.MethodId, request.MethodId);
            request.Discard();
        }
    }

    [Fact]
    public void The_directory_finds_interfaces_and_requests_by_wire_id()
    {
        var directory = new GrainTypeDirectory([new Replay(RegistryOfThisAssembly())]);
        uint wireId = GrainInterfaceId.Compute(typeof(IWireGrain).FullName!);

        Assert.True(directory.TryGetInterface(wireId, out var metadata));
        Assert.Equal(typeof(IWireGrain), metadata.InterfaceType);
        Assert.Equal(wireId, metadata.InterfaceId);
        Assert.True(directory.TryCreateRequest(wireId, 2, out var request));
        Assert.Equal("DoubleAsync", request.MethodName);
        request.Discard();
        // A method inherited from a base interface is found under the base interface's id.
        Assert.True(directory.TryCreateRequest(GrainInterfaceId.Compute(typeof(IWireBaseGrain).FullName!), 0, out var inherited));
        Assert.Equal("NameAsync", inherited.MethodName);
        inherited.Discard();

        Assert.False(directory.TryCreateRequest(wireId, 500, out _));
        Assert.False(directory.TryCreateRequest(wireId ^ 0x5A5A5A5A, 0, out _));
        Assert.False(directory.TryGetInterface(wireId ^ 0x5A5A5A5A, out _));
    }

    /// <summary>Two different names with the same FNV-1a 32 hash, found by a birthday search (about 80,000 hashes).</summary>
    private static (string First, string Second) CollidingNames()
    {
        var seen = new Dictionary<uint, string>();
        for (int i = 0; ; i++)
        {
            var name = $"Sample.Grains.IAccount{i}Grain";
            if (!seen.TryAdd(GrainInterfaceId.Compute(name), name))
            {
                return (seen[GrainInterfaceId.Compute(name)], name);
            }
        }
    }

    [Fact]
    public void Two_interfaces_whose_names_collide_are_refused_at_startup_naming_both()
    {
        var (first, second) = CollidingNames();
        var registry = new Inline(builder =>
        {
            builder.AddInterface(typeof(IWireGrain), first, GrainKeyKind.String, static (_, _) => null!);
            builder.AddInterface(typeof(IWireBaseGrain), second, GrainKeyKind.String, static (_, _) => null!);
        });

        var error = Assert.Throws<InvalidOperationException>(() => new GrainTypeDirectory([registry]));

        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void A_request_factory_whose_interface_collides_with_a_registered_interface_is_refused()
    {
        var (first, second) = CollidingNames();
        var registry = new Inline(builder =>
        {
            builder.AddInterface(typeof(IWireGrain), first, GrainKeyKind.String, static (_, _) => null!);
            builder.AddRequestFactory(second, GrainInterfaceId.Compute(second), 0, static () => new GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain.Request0());
        });

        var error = Assert.Throws<InvalidOperationException>(() => new GrainTypeDirectory([registry]));

        Assert.Contains(first, error.Message);
        Assert.Contains(second, error.Message);
    }

    [Fact]
    public void A_factory_declaring_an_id_the_runtime_would_not_compute_is_refused()
    {
        var registry = new Inline(builder =>
            builder.AddRequestFactory("Sample.IOldGrain", GrainInterfaceId.Compute("Sample.IOldGrain") + 1, 0,
                static () => new GrainChain.Generated.GrainProxy_GrainChain_Runtime_Tests_Wire_IWireGrain.Request0()));

        var error = Assert.Throws<InvalidOperationException>(() => new GrainTypeDirectory([registry]));

        Assert.Contains("Sample.IOldGrain", error.Message);
    }

    [Fact]
    public void The_same_interface_declared_by_several_registries_is_not_a_collision()
    {
        var builder = RegistryOfThisAssembly();
        var directory = new GrainTypeDirectory([new Replay(builder), new Replay(builder)]);

        Assert.True(directory.TryGetInterface(GrainInterfaceId.Compute(typeof(IWireGrain).FullName!), out _));
    }

    private sealed class Inline(Action<GrainRegistryBuilder> register) : IGrainRegistry
    {
        public void Register(GrainRegistryBuilder builder) => register(builder);
    }

    /// <summary>Declares again everything another builder collected.</summary>
    private sealed class Replay(GrainRegistryBuilder source) : IGrainRegistry
    {
        public void Register(GrainRegistryBuilder builder)
        {
            builder.Interfaces.AddRange(source.Interfaces);
            builder.Classes.AddRange(source.Classes);
            builder.RequestFactories.AddRange(source.RequestFactories);
        }
    }
}
