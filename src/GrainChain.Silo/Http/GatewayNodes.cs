using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Transactions;

namespace GrainChain.Silo.Http;

/// <summary>How routes reach nodes: names checked before any grain is called, and the default node created on first use.</summary>
internal sealed class GatewayNodes
{
    private readonly GatewayOptions _options;
    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _defaultExists;
    private const int MaxRememberedChainIds = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, uint> _chainIds = new(StringComparer.Ordinal);

    public GatewayNodes(GatewayOptions options)
    {
        if (!NodeNames.IsValid(options.DefaultNode))
            throw new InvalidOperationException($"{GatewayOptions.Section}:DefaultNode '{options.DefaultNode}' is not a node name");
        if (ChainProfiles.Find(options.DefaultProfile) is null)
            throw new InvalidOperationException($"{GatewayOptions.Section}:DefaultProfile '{options.DefaultProfile}' is not a chain profile: use one of {string.Join(", ", ChainProfiles.Names)}");
        if (options.MaxRequestBodyBytes < 1)
            throw new InvalidOperationException($"{GatewayOptions.Section}:MaxRequestBodyBytes must be positive");
        _options = options;
    }

    public GatewayOptions Options => _options;

    public static IGrainFactory Grains(HttpContext http) => http.RequestServices.GetRequiredService<IGrainFactory>();

    /// <summary>The node named <paramref name="name"/>; a name that cannot be one is a 400 naming <paramref name="field"/>.</summary>
    public static INodeGrain Node(HttpContext http, string? name, string field = "name")
    {
        if (NodeNames.Problem(name) is { } problem) throw GatewayProblem.BadRequest(field, problem);
        return Grains(http).GetGrain<INodeGrain>(name!);
    }

    /// <summary>The default node, created with the configured profile and miner the first time it is needed.</summary>
    public async Task<INodeGrain> DefaultAsync(HttpContext http)
    {
        var node = Grains(http).GetGrain<INodeGrain>(_options.DefaultNode);
        if (_defaultExists) return node;
        await _creating.WaitAsync(http.RequestAborted);
        try
        {
            if (_defaultExists) return node;
            try
            {
                await node.GetStatusAsync();
            }
            catch (NodeNotFoundException)
            {
                await node.CreateAsync(new NodeSettings(_options.DefaultProfile, _options.ResolveMinerAddress()));
            }
            _defaultExists = true;
            return node;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The chain id of a node's profile, for the compact signed transfer that does not carry one.</summary>
    /// <summary>
    /// The chain id of the node's profile, asked once per node and then remembered: a node's profile never changes
    /// (creating it again with another one is refused), and a transfer is read with it on every submission.
    /// </summary>
    public async Task<uint> ChainIdAsync(INodeGrain node)
    {
        var name = node.GetPrimaryKeyString();
        if (_chainIds.TryGetValue(name, out var known)) return known;
        var id = ChainId(await node.GetStatusAsync());
        if (_chainIds.Count >= MaxRememberedChainIds) _chainIds.Clear(); // a bound, not a cache policy: asking again is cheap
        _chainIds[name] = id;
        return id;
    }

    /// <summary>
    /// Submits a transfer read from a request. Its signature is checked here first, on the request's own thread: a
    /// valid one is remembered by the silo's shared <see cref="LedgerServices.Signatures"/>, so the node's chain, which
    /// admits transfers one at a time, finds it checked instead of spending the check inside its single-threaded turn.
    /// Requests arriving together thus verify on every core. The chain still decides, and words any rejection.
    /// </summary>
    public static Task<TransactionSubmission> SubmitAsync(HttpContext http, INodeGrain node, Transaction transfer)
    {
        http.RequestServices.GetService<LedgerServices>()?.Signatures.Verify(transfer);
        return node.SubmitTransactionAsync(transfer);
    }

    public static uint ChainId(NodeStatus status) =>
        ChainProfiles.Find(status.Profile)?.ChainId
        ?? throw new InvalidOperationException($"node '{status.Name}' has unknown profile '{status.Profile}'");

    /// <summary>The whole best chain, page after page.</summary>
    public static async Task<(List<Block> Blocks, long Length)> FullChainAsync(INodeGrain node)
    {
        const int Page = 500;
        var blocks = new List<Block>();
        long length;
        do
        {
            var page = await node.GetChainAsync(blocks.Count, Page);
            length = page.Length;
            if (page.Blocks.IsDefaultOrEmpty) break;
            blocks.AddRange(page.Blocks);
        }
        while (blocks.Count < length);
        return (blocks, length);
    }
}
