using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;

namespace GrainChain.Grains.Nodes;

/// <summary>The cluster's list of node names, persisted; names are checked as node names.</summary>
[GrainType("node-registry")]
public sealed class NodeRegistryGrain(
    [PersistentState("node-registry", GrainChainOptions.StorageName)] IPersistentState<NodeRegistryState> state) : Grain, INodeRegistryGrain
{
    private const int MaxPage = 1_000;
    private HashSet<string>? _known;

    public async Task RegisterAsync(string node)
    {
        NodeNames.Validate(node, nameof(node));
        _known ??= new HashSet<string>(state.State.Names, StringComparer.Ordinal);
        if (!_known.Add(node)) return;
        state.State.Names.Add(node);
        await state.WriteStateAsync();
    }

    public Task<NodeList> ListAsync(int from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        if (count is < 1 or > MaxPage) throw new ArgumentOutOfRangeException(nameof(count), count, $"a page holds 1 to {MaxPage} names");
        var names = state.State.Names;
        return Task.FromResult(new NodeList([.. names.Skip(from).Take(count)], names.Count));
    }
}

/// <summary>The registry's persisted names, in creation order.</summary>
[GenerateSerializer, Alias("gc.node-registry-state")]
public sealed class NodeRegistryState
{
    [Id(0)] public List<string> Names { get; set; } = [];
}
