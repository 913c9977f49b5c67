using System.Collections.Immutable;
using System.Globalization;
using GrainChain.Abstractions.Nodes;
using GrainChain.Grains.Services;
using GrainChain.Hosting;
using GrainChain.Hosting.Blocks;
using GrainChain.Hosting.Pending;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.TransactionPool;
using GrainChain.Ledger.Transactions;
using GrainChain.Grains.Peers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace GrainChain.Grains.Chains;

/// <summary>
/// One node's chain: a <see cref="LedgerNode"/> rebuilt on activation from the block archive and the persisted tip.
/// Every write persists before it answers (blocks to the archive first, then the tip; pending transactions as rows of
/// the cluster's <see cref="IPendingTransactionStore"/>) and announces what it accepted on the node's stream; a move of
/// its tip is also published on the all-nodes stream.
/// </summary>
[GrainType("chain"), Orleans.Placement.PreferLocalPlacement]
public sealed partial class ChainGrain(
    [PersistentState("chain", GrainChainOptions.StorageName)] IPersistentState<ChainRecord> state,
    LedgerServices ledger,
    IBlockArchive archive,
    IPendingTransactionStore pending,
    IOptions<PeerOptions> peerOptions,
    ILogger<ChainGrain> logger) : Grain, IChainGrain
{
    private const int MaxPage = 500;
    public const int MaxHeadersServed = 2_000;
    public const int MaxBlocksServed = 500;
    private const int MaxPendingIdsServed = 1_000;

    // A locator holds about 10 + log2(height) hashes; a longer one only costs the node that answers it.
    private const int MaxLocatorHashes = 128;

    // Transactions asked about by peers are looked for in the mempool and these most recent blocks.
    private const int RecentBlocksSearched = 16;

    private LedgerNode? _node;

    // The transactions stored as this node's pending rows, by id, with each row's sequence (null while there are none:
    // an idle node holds no map). Every mempool transaction is among them once its write completes; a row may outlive
    // its transaction until the next write removes it, and a restore drops whatever no longer fits the chain.
    private Dictionary<Hash256, long>? _stored;

    // The sequence the next stored row gets: rows are numbered upward, so they append to the node's range of the table.
    private long _nextSequence;

    // Announced tips a link is fetching, and until when the claim holds (at most a few per node at once).
    private readonly Dictionary<Hash256, DateTimeOffset> _fetching = [];

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Settings is { } settings) await OpenAsync(settings, cancellationToken);
    }

    public async Task<ChainSummary> CreateAsync(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NodeNames.Validate(Name, "name");
        var chain = ChainProfiles.Find(settings.Profile)
            ?? throw new ArgumentException($"unknown chain profile '{settings.Profile}': use one of {string.Join(", ", ChainProfiles.Names)}", nameof(settings));
        settings = settings with { Profile = chain.Name };
        if (state.State.Settings is { } existing)
        {
            if (existing != settings)
                throw new NodeConflictException(
                    $"node '{Name}' exists with profile {existing.Profile} and miner {existing.Miner}; it cannot be created again with profile {settings.Profile} and miner {settings.Miner}");
            return Summary();
        }

        state.State.Settings = settings;
        state.State.TipHash = chain.GenesisHeader.ComputeHash();
        await state.WriteStateAsync();
        await OpenAsync(settings, CancellationToken.None);
        return Summary();
    }

    public Task<ChainSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public async Task<TransactionSubmission> SubmitTransactionAsync(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var submissions = await SubmitTransactionsAsync([transaction]);
        return submissions[0];
    }

    public async Task<IReadOnlyList<TransactionSubmission>> SubmitTransactionsAsync(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var node = Node();
        var results = new TransactionSubmission[transactions.Count];
        var added = ImmutableArray.CreateBuilder<Hash256>();
        var left = new List<Transaction>();
        for (var i = 0; i < transactions.Count; i++)
        {
            var transaction = transactions[i] ?? throw new ArgumentException("a transaction is missing from the list", nameof(transactions));
            var admission = node.SubmitTransaction(transaction);
            if (admission.Outcome is MempoolAdmissionOutcome.Added or MempoolAdmissionOutcome.Replaced) added.Add(transaction.Id);
            if (admission.Replaced is { } replaced) left.Add(replaced);
            left.AddRange(admission.Evicted);
            results[i] = new TransactionSubmission(transaction.Id, admission.IsAccepted, admission.Reason.ToString(), admission.Message)
            {
                TipHeight = node.State.Height,
            };
        }

        if (added.Count > 0)
        {
            // Persisted before the answer: an acknowledged transaction survives the silo.
            await PersistAcceptedAsync(transactions, left);
            await AnnounceAsync([.. added.Where(node.Mempool.Contains)]);
        }

        return results;
    }

    public async Task<BlockBatchResult> SubmitBlocksAsync(IReadOnlyList<Block> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var node = Node();
        var before = node.State.Tip.Hash;
        var connected = new List<Block>();
        var returned = new List<Hash256>();
        int disconnected = 0, duplicates = 0;
        BlockAcceptance? invalid = null;
        foreach (var block in blocks)
        {
            if (block is null) throw new ArgumentException("a block is missing from the list", nameof(blocks));
            var acceptance = node.SubmitBlock(block);
            if (acceptance.Kind == BlockAcceptanceKind.Invalid)
            {
                invalid = acceptance;
                break;
            }

            if (acceptance.Kind == BlockAcceptanceKind.Duplicate) duplicates++;
            connected.AddRange(acceptance.Connected);
            disconnected += acceptance.Disconnected.Length;
            returned.AddRange(acceptance.ReturnedTransactions.Select(t => t.Id));
        }

        await PersistAsync(connected);
        // Transactions a reorganisation put back in the mempool are announced again: peers that never had them
        // (the winning side of a partition) must learn of them, or only this side could ever mine them.
        var back = returned.Where(node.Mempool.Contains).Distinct().ToImmutableArray();
        if (node.State.Tip.Hash != before)
            await Task.WhenAll(back.IsEmpty ? AnnounceAsync() : AnnounceAsync(back), PublishTipAsync(connected, disconnected));
        else if (!back.IsEmpty) await AnnounceAsync(back);
        var tip = node.State.Tip;
        return new BlockBatchResult(connected.Count, disconnected, duplicates, tip.Hash, tip.Height, Work(tip))
        {
            InvalidBlock = invalid?.BlockHash,
            InvalidReason = invalid?.Verdict.Reason.ToString(),
            InvalidMessage = invalid?.Verdict.Message,
        };
    }

    public async Task<MinedBlock> AcceptMinedBlockAsync(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var node = Node();
        var acceptance = node.SubmitBlock(block);
        if (acceptance.Kind == BlockAcceptanceKind.Invalid)
            throw new InvalidOperationException($"node '{Name}' refused its own block: {acceptance}");
        await PersistAsync(acceptance.Connected);
        // A peer's block won the race and this one is on a side branch: it is still answered as mined, so it is
        // archived like any block the chain took (and no longer pinned in the silo's cache).
        if (!acceptance.Connected.Any(b => b.Hash == block.Hash)) await ArchiveAsync([block]);
        if (acceptance.TipChanged) await Task.WhenAll(AnnounceAsync(), PublishTipAsync(acceptance.Connected, acceptance.Disconnected.Length));
        // A peer's block may have arrived during the search: then this one is on a side branch, which is still mined.
        var height = node.State.TryGetEntry(block.Hash, out var entry) ? entry.Height : acceptance.TipHeight;
        return new MinedBlock(block.Hash, height, block.Transactions.Length) { Bits = block.Header.Bits };
    }

    public Task<ChainPage> GetChainAsync(long fromHeight, int count)
    {
        var node = Node();
        if (fromHeight < 0) throw new ArgumentOutOfRangeException(nameof(fromHeight), fromHeight, "heights start at 0");
        if (count is < 1 or > MaxPage) throw new ArgumentOutOfRangeException(nameof(count), count, $"a page holds 1 to {MaxPage} blocks");
        var blocks = ImmutableArray.CreateBuilder<Block>();
        for (var h = fromHeight; h <= node.State.Height && blocks.Count < count; h++)
            blocks.Add(node.State.GetBlockAtHeight(h)!);
        return Task.FromResult(new ChainPage(fromHeight, blocks.ToImmutable(), node.State.Height + 1));
    }

    public Task<Block?> GetBlockAsync(Hash256 hash) =>
        Task.FromResult(Node().State.TryGetBlock(hash, out var block) ? block : null);

    public Task<Block?> GetBlockAtHeightAsync(long height) =>
        Task.FromResult(height < 0 ? null : Node().State.GetBlockAtHeight(height));

    public Task<Transaction?> GetTransactionAsync(Hash256 id)
    {
        var node = Node();
        if (node.Mempool.TryGet(id, out var pending)) return Task.FromResult<Transaction?>(pending);
        // Newest first: a transaction asked about is most often a recent one.
        for (var h = node.State.Height; h >= 0; h--)
        {
            foreach (var tx in node.State.GetBlockAtHeight(h)!.Transactions)
                if (tx.Id == id) return Task.FromResult<Transaction?>(tx);
        }

        return Task.FromResult<Transaction?>(null);
    }

    public Task<IReadOnlyList<Hash256>> GetMissingTransactionsAsync(IReadOnlyList<Hash256> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var node = Node();
        var recent = new HashSet<Hash256>();
        for (var h = node.State.Height; h >= Math.Max(0, node.State.Height - RecentBlocksSearched + 1); h--)
            foreach (var tx in node.State.GetBlockAtHeight(h)!.Transactions) recent.Add(tx.Id);
        return Task.FromResult<IReadOnlyList<Hash256>>([.. ids.Where(id => !node.Mempool.Contains(id) && !recent.Contains(id)).Distinct()]);
    }

    public Task<IReadOnlyList<Hash256>> GetPendingTransactionIdsAsync(int max)
    {
        var node = Node();
        var ids = node.Mempool.SelectForBlock(Math.Clamp(max, 0, MaxPendingIdsServed), long.MaxValue).Select(t => t.Id);
        return Task.FromResult<IReadOnlyList<Hash256>>([.. ids]);
    }

    public Task<AccountView> GetAccountAsync(Address address)
    {
        var node = Node();
        var accounts = node.State.Accounts;
        return Task.FromResult(new AccountView(address, accounts.BalanceOf(address), accounts.NextNonceOf(address))
        {
            PendingNonce = node.Mempool.NextNonceOf(address),
        });
    }

    public Task<NodeAnnouncement> GetTipAsync() => Task.FromResult(Tip());

    public Task<IReadOnlyList<Hash256>> GetLocatorAsync() => Task.FromResult<IReadOnlyList<Hash256>>(Node().State.GetLocator());

    public Task<IReadOnlyList<BlockHeader>> GetHeadersAfterAsync(IReadOnlyList<Hash256> locator, int max) =>
        Task.FromResult<IReadOnlyList<BlockHeader>>(HeadersAfter(locator, Math.Clamp(max, 0, MaxHeadersServed)));

    public Task<IReadOnlyList<Block>> GetBlocksAfterAsync(IReadOnlyList<Hash256> locator, int max)
    {
        var chain = Node().State;
        var headers = HeadersAfter(locator, Math.Clamp(max, 0, MaxBlocksServed));
        var blocks = new List<Block>(headers.Length);
        foreach (var header in headers)
            if (chain.TryGetBlock(header.ComputeHash(), out var block)) blocks.Add(block);
        return Task.FromResult<IReadOnlyList<Block>>(blocks);
    }

    public Task<IReadOnlyList<Block?>> GetBlocksAsync(IReadOnlyList<Hash256> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count > MaxBlocksServed)
            throw new ArgumentException($"ask for at most {MaxBlocksServed} blocks at once, not {hashes.Count}", nameof(hashes));
        var chain = Node().State;
        var blocks = new Block?[hashes.Count];
        for (var i = 0; i < hashes.Count; i++) blocks[i] = chain.TryGetBlock(hashes[i], out var block) ? block : null;
        return Task.FromResult<IReadOnlyList<Block?>>(blocks);
    }

    public Task<(int Connected, int Disconnected)> GetMoveSinceAsync(Hash256 formerTip)
    {
        var move = TipMove.Since(Node().State, formerTip);
        return Task.FromResult((move.Connected, move.Disconnected));
    }

    public Task<bool> ClaimFetchAsync(Hash256 tip)
    {
        var node = Node();
        if (node.State.TryGetEntry(tip, out _)) return Task.FromResult(false);
        var now = ledger.Clock.GetUtcNow();
        foreach (var lapsed in _fetching.Where(f => f.Value <= now).Select(f => f.Key).ToList()) _fetching.Remove(lapsed);
        if (_fetching.ContainsKey(tip)) return Task.FromResult(false);
        _fetching[tip] = now + peerOptions.Value.RequestTimeout;
        return Task.FromResult(true);
    }

    public Task<HeaderCheck> CheckHeadersAsync(IReadOnlyList<BlockHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count > MaxHeadersServed)
            throw new ArgumentException($"check at most {MaxHeadersServed} headers at once, not {headers.Count}", nameof(headers));
        var node = Node();
        var verdict = HeaderBranchCheck.Check(node.State, ledger.HeaderRulesOf(node.Chain), headers);
        return Task.FromResult(new HeaderCheck(verdict.Connects, verdict.ValidCount,
            verdict.CumulativeWork.ToString(CultureInfo.InvariantCulture), verdict.Missing)
        {
            Rejection = verdict.Rejection?.ToString(),
        });
    }

    /// <summary>The best chain's headers after a peer's locator, which is checked for length first.</summary>
    private ImmutableArray<BlockHeader> HeadersAfter(IReadOnlyList<Hash256> locator, int max)
    {
        ArgumentNullException.ThrowIfNull(locator);
        if (locator.Count > MaxLocatorHashes)
            throw new ArgumentException($"a block locator holds at most {MaxLocatorHashes} hashes, got {locator.Count}", nameof(locator));
        return Node().State.GetHeadersAfter(locator, max);
    }

    private async Task OpenAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        var chain = ChainProfiles.Find(settings.Profile)
            ?? throw new InvalidOperationException($"node '{Name}' was stored with unknown profile '{settings.Profile}'");
        var node = new LedgerNode(ledger.TreeOf(chain), ledger.Signatures, ledger.Clock);
        await ChainRestorer.RestoreAsync(node, archive, state.State.TipHash, ledger.BlocksOf(chain), cancellationToken);
        var rows = await pending.ReadAsync(Name, cancellationToken);
        var stored = new Dictionary<Hash256, long>(rows.Count);
        var candidates = new List<Transaction>(rows.Count);
        var extra = new List<long>();
        foreach (var row in rows)
        {
            _nextSequence = Math.Max(_nextSequence, row.Sequence + 1);
            if (!MempoolRows.TryDecode(row, out var transaction))
            {
                LogUnreadablePendingRow(logger, Name, row.Sequence);
                extra.Add(row.Sequence);
            }
            else if (stored.TryAdd(transaction.Id, row.Sequence)) candidates.Add(transaction);
            else extra.Add(row.Sequence); // stored twice (a write that failed to answer yet landed): one row is enough
        }

        var legacy = await LegacyPending.ReadAsync(state.State, GrainContext, ServiceProvider);
        // The mempool sorts them out: what a block since mined, or a replacement superseded, does not come back.
        node.Mempool.ReAdmit(legacy.Concat(candidates), node.State.Accounts);
        _stored = stored.Count > 0 ? stored : null;
        _node = node;
        var (added, removed) = MempoolRows.Diff(node.Mempool, _stored);
        await WritePendingAsync(added, removed, extra);
        // Only once the rows hold what the legacy state did (even if a block had mined all of it).
        if (LegacyPending.IsPresent(state.State)) await LegacyPending.ClearAsync(state, GrainContext, ServiceProvider);
    }

    /// <summary>Archives the blocks that joined the best chain, then records the tip and the mempool.</summary>
    private async Task PersistAsync(IReadOnlyCollection<Block> connected)
    {
        if (connected.Count == 0) return;
        await ArchiveAsync(connected);
        await SaveAsync();
    }

    /// <summary>Stores blocks in the cluster's archive; the silo's cache may then drop their bodies.</summary>
    private async Task ArchiveAsync(IReadOnlyCollection<Block> blocks)
    {
        await ChainRestorer.ArchiveAsync(archive, blocks, CancellationToken.None);
        ledger.BlocksOf(Node().Chain).MarkArchived(blocks.Select(b => b.Hash));
    }

    /// <summary>
    /// Records the tip after the blocks that moved it: rows for the transactions a reorganisation returned are stored
    /// first and rows of mined ones removed last, so that a crash between the writes leaves extra rows (which a restore
    /// drops) and never a pending transaction without one.
    /// </summary>
    private async Task SaveAsync()
    {
        var node = Node();
        var (added, removed) = MempoolRows.Diff(node.Mempool, _stored);
        await WritePendingAsync(added, []);
        state.State.TipHash = node.State.Tip.Hash;
        await state.WriteStateAsync();
        await WritePendingAsync([], removed);
    }

    /// <summary>
    /// Stores the rows of the batch's transactions that are pending now and removes those of the ones the batch pushed
    /// out (replaced by a higher fee, or evicted from a full pool), in one write.
    /// </summary>
    private Task PersistAcceptedAsync(IReadOnlyList<Transaction> batch, List<Transaction> left)
    {
        var mempool = Node().Mempool;
        var added = new List<Transaction>(batch.Count);
        var seen = new HashSet<Hash256>(batch.Count);
        foreach (var transaction in batch)
            if (mempool.Contains(transaction.Id) && _stored?.ContainsKey(transaction.Id) != true && seen.Add(transaction.Id)) added.Add(transaction);
        var removed = new List<Hash256>(left.Count);
        foreach (var transaction in left)
            if (!mempool.Contains(transaction.Id) && _stored?.ContainsKey(transaction.Id) == true) removed.Add(transaction.Id);
        return WritePendingAsync(added, removed);
    }

    /// <summary>
    /// Stores <paramref name="added"/> under new sequences and removes the rows of <paramref name="removed"/> (ids
    /// among the stored ones) and the rows <paramref name="extra"/> names, in one write.
    /// </summary>
    private async Task WritePendingAsync(IReadOnlyList<Transaction> added, IReadOnlyList<Hash256> removed, IReadOnlyList<long>? extra = null)
    {
        if (added.Count == 0 && removed.Count == 0 && extra is not { Count: > 0 }) return;
        var rows = MempoolRows.Encode(added, ref _nextSequence);
        var sequences = new List<long>(removed.Count + (extra?.Count ?? 0));
        foreach (var id in removed) sequences.Add(_stored![id]);
        if (extra is not null) sequences.AddRange(extra);
        await pending.WriteAsync(Name, rows, sequences);
        // Only once the write is durable: after a failed one the next diff (at the next block) writes them again.
        var stored = _stored ??= [];
        for (var i = 0; i < rows.Count; i++) stored[added[i].Id] = rows[i].Sequence;
        foreach (var id in removed) stored.Remove(id);
        if (stored.Count == 0) _stored = null;
    }

    private LedgerNode Node() => _node ?? throw new NodeNotFoundException(Name);

    private ChainSummary Summary()
    {
        var node = Node();
        var tip = node.State.Tip;
        return new ChainSummary(state.State.Settings!, tip.Hash, tip.Height, Work(tip), node.Mempool.Count, IsMining);
    }

    private static string Work(BlockIndexEntry entry) => entry.CumulativeWork.ToString(CultureInfo.InvariantCulture);

    private Task AnnounceAsync() => this.AnnouncementsOf(Name).OnNextAsync(Tip());

    private Task AnnounceAsync(ImmutableArray<Hash256> transactions) =>
        this.AnnouncementsOf(Name).OnNextAsync(Tip() with { TransactionIds = transactions });

    private NodeAnnouncement Tip()
    {
        var tip = Node().State.Tip;
        return new NodeAnnouncement(Name, tip.Hash, tip.Height, Work(tip));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Node} dropped its stored pending row {Sequence}: the bytes are not a transaction")]
    private static partial void LogUnreadablePendingRow(ILogger logger, string node, long sequence);
}
