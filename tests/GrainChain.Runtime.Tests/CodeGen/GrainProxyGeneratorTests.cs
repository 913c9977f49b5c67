namespace GrainChain.Runtime.Tests.CodeGen;

public sealed class GrainProxyGeneratorTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using GrainChain.Runtime;
        using GrainChain.Runtime.Concurrency;
        using GrainChain.Runtime.State;
        """;

    [Fact]
    public void A_valid_grain_interface_and_class_compile_with_the_generated_proxy_and_registry()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Sample;
            public interface IAccountGrain : IGrainWithStringKey
            {
                Task<long> GetBalanceAsync();
                Task DepositAsync(long amount, string? memo);
                ValueTask<int> CountAsync(List<int> items);
                [AlwaysInterleave] ValueTask PingAsync();
            }
            public interface IAuditedAccountGrain : IAccountGrain { Task<string[]> AuditAsync(int limit); }
            public sealed class Account { public long Balance { get; set; } }
            [Reentrant]
            public sealed class AccountGrain([PersistentState("account", "store")] IPersistentState<long> state, IGrainFactory factory) : Grain, IAuditedAccountGrain
            {
                public Task<long> GetBalanceAsync() => Task.FromResult(state.State);
                public Task DepositAsync(long amount, string? memo) => Task.CompletedTask;
                public ValueTask<int> CountAsync(List<int> items) => new(items.Count);
                public ValueTask PingAsync() => default;
                public Task<string[]> AuditAsync(int limit) => Task.FromResult(new string[0]);
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Contains("GrainProxy_Sample_IAccountGrain.g.cs", result.GeneratedFiles);
        Assert.Contains("GrainProxy_Sample_IAuditedAccountGrain.g.cs", result.GeneratedFiles);
        Assert.Contains("GrainRegistry.g.cs", result.GeneratedFiles);
    }

    [Theory]
    [InlineData("void Deposit(long amount);", "GC0001")]
    [InlineData("int GetBalance();", "GC0001")]
    [InlineData("IAsyncEnumerable<int> StreamAsync();", "GC0001")]
    [InlineData("Task MoveAsync(ref int amount);", "GC0006")]
    [InlineData("Task<T> GetAsync<T>();", "GC0004")]
    [InlineData("long Balance { get; }", "GC0005")]
    [InlineData("Task SendAsync(System.Action callback);", "GC0003")]
    [InlineData("Task SendAsync(Plain value);", "GC0003")]
    public void An_invalid_grain_method_is_reported(string member, string expectedId)
    {
        var result = GeneratorHarness.Run(Usings + $$"""
            namespace Sample;
            public sealed class Plain { public int Value; }
            public interface IBadGrain : IGrainWithStringKey { {{member}} }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.True(diagnostic.Location.IsInSource);
        Assert.DoesNotContain("GrainProxy_Sample_IBadGrain.g.cs", result.GeneratedFiles);
    }

    [Fact]
    public void A_grain_interface_without_a_key_kind_is_reported()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Sample;
            public interface IKeylessGrain : IGrain { Task PingAsync(); }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("GC0002", diagnostic.Id);
        Assert.Contains("IKeylessGrain", diagnostic.GetMessage());
    }

    [Fact]
    public void A_private_grain_interface_and_a_misdeclared_persistent_state_are_reported()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Sample;
            public static class Outer { private interface IHiddenGrain : IGrainWithStringKey { Task PingAsync(); } }
            public interface IOkGrain : IGrainWithStringKey { Task PingAsync(); }
            public sealed class OkGrain([PersistentState("s")] long state) : Grain, IOkGrain { public Task PingAsync() => Task.CompletedTask; }
            """);

        Assert.Equal(["GC0007", "GC0008"], result.GeneratorDiagnostics.Select(d => d.Id).Order());
    }
}
