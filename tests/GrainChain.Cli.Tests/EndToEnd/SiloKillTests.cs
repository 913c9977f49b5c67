using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GrainChain.Abstractions.Nodes;
using GrainChain.Cli.Cluster.Local;
using GrainChain.Cli.Commands;
using GrainChain.Hosting;
using GrainChain.Hosting.TestSilo.Harness;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;
using Xunit.Abstractions;

namespace GrainChain.Cli.Tests.EndToEnd;

/// <summary>
/// End to end: three real silo processes started from the repository's <c>silo-config/local-1..3.json</c> (ports and
/// the SQLite file moved by command-line overrides), driven by the console's commands; the silo hosting the mining
/// node's chain is killed with SIGKILL. No acknowledged transaction or mined block may be lost, and the chain must
/// keep growing through the survivors.
/// </summary>
public sealed partial class SiloKillTests(ITestOutputHelper log) : IAsyncLifetime
{
    // Waiting for the survivors to declare the dead silo dead (probe timeout 2 s in local-N.json) is the longest wait.
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(45);

    private readonly string _root = Directory.CreateTempSubdirectory("grainchain-e2e-").FullName;
    private readonly List<ConfigSilo> _silos = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private IHost? _client;
    private const decimal LoadAmount = 0.01m;

    private int _commands;
    private int _loadAcknowledged;
    private int _loadMined;
    private readonly TaskCompletionSource _loadRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan _inCommands;

    private string DatabasePath => Path.Combine(_root, "data", "grainchain.db");

    private string ClientConfig => Path.Combine(_root, "client.json");

    private IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        var repository = RepositoryRoot();
        var dll = Path.Combine(repository, LocalSilo.BuiltDllPath);
        Assert.True(File.Exists(dll), $"build the silo first (dotnet build GrainChain.sln -c Release): no {dll}");
        var configs = LocalSilo.Plan(repository, single: false);
        Assert.Equal(3, configs.Count);

        var ports = FreePorts.Take(3 * configs.Count);
        for (var i = 0; i < configs.Count; i++)
            _silos.Add(ConfigSilo.Start(configs[i].Name, dll, configs[i].ConfigPath, DatabasePath, _root,
                siloPort: ports[3 * i], gatewayPort: ports[3 * i + 1], httpPort: ports[3 * i + 2]));
        await Task.WhenAll(_silos.Select(s => s.WaitHealthyAsync(Startup)));
        Say($"3 silos healthy: {string.Join(", ", _silos.Select(s => $"{s.Name} pid {s.Pid} silo :{s.SiloPort} gateway :{s.GatewayPort}"))}");

        // The console's client finds the gateways in the same SQLite file, with the cluster id of the shipped config.
        var client = JsonNode.Parse(File.ReadAllText(configs[0].ConfigPath))!.AsObject();
        client["GrainChain"]!["Sqlite"]!["Path"] = DatabasePath;
        File.WriteAllText(ClientConfig, client.ToJsonString());

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddJsonFile(ClientConfig, optional: false, reloadOnChange: false);
        builder.UseOrleansClient(c => c
            .AddGrainChain()
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10)));
        _client = builder.Build();
        await _client.StartAsync();
        Say("test client connected");
    }

    [Fact]
    public async Task A_silo_killed_with_SIGKILL_loses_no_acknowledged_transaction_or_mined_block_and_the_chain_grows()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var miner = $"miner-{suffix}";
        string[] followers = [$"f1-{suffix}", $"f2-{suffix}", $"f3-{suffix}"];
        var mined = new List<(long Height, string Hash)>();
        var sent = new List<(string Node, string TxId, decimal Amount)>();

        // Keys: the miner's rewards, four spenders it pays, one recipient.
        var minerKey = await NewKeyAsync("miner");
        var spenders = new List<(string Key, string Address)>();
        for (var i = 1; i <= 4; i++) spenders.Add(await NewKeyAsync($"spender-{i}"));
        var (_, recipient) = await NewKeyAsync("recipient");
        var load = await NewKeyAsync("load");
        var (_, sink) = await NewKeyAsync("sink");
        Say("keys created");

        // Four nodes on the test profile; the followers follow the miner, and the miner the first follower (so a
        // transfer sent to that follower reaches the miner's mempool). Only the miner mines: there is one chain, no fork.
        Succeeded(await Console("node", "create", miner, "--profile", "test", "--key", minerKey.Key));
        foreach (var follower in followers)
        {
            Succeeded(await Console("node", "create", follower, "--profile", "test", "--miner", minerKey.Address));
            Succeeded(await Console("peers", "add", follower, miner));
        }
        Succeeded(await Console("peers", "add", miner, followers[0]));

        await MineAsync(miner, 2, mined);
        foreach (var (key, address) in spenders.Append(load))
        {
            sent.Add((miner, await SendAsync(miner, minerKey.Key, address, 10m), 10m));
            await MineAsync(miner, 1, mined);
        }

        // Transfers to the recipient, sent to the miner and to a follower (which relays them into the miner's
        // mempool); the last two are still pending when the load below starts.
        sent.Add((miner, await SendAsync(miner, spenders[0].Key, recipient, 1.25m), 1.25m));
        var first = await SendAsync(followers[0], spenders[1].Key, recipient, 2.5m);
        sent.Add((followers[0], first, 2.5m));
        await ReachesAsync(miner, first);
        await MineAsync(miner, 1, mined);
        sent.Add((miner, await SendAsync(miner, spenders[2].Key, recipient, 3m), 3m));
        var relayed = await SendAsync(followers[0], spenders[3].Key, recipient, 4m);
        sent.Add((followers[0], relayed, 4m));
        await ReachesAsync(miner, relayed);
        var before = await Client.GetGrain<INodeGrain>(miner).GetStatusAsync();
        Assert.Equal(mined[^1].Height, before.Height);
        Assert.Equal(2, before.PendingTransactions);

        // The victim: the silo that hosts the miner's chain (its blocks, tip and mempool live there in memory).
        var placement = await PlacementAsync(miner, followers);
        var victim = placement[$"chain/{miner}"];
        Say("placement: " + string.Join(", ", placement.Select(p => $"{p.Key} on {p.Value.Name}")));

        // It dies under load: transfers and mining keep arriving at the miner while the SIGKILL lands. Each loop
        // records what the cluster acknowledged, and stops at its first failed call.
        using var stop = new CancellationTokenSource();
        var transfers = SubmitUntilFailureAsync(miner, load.Key, sink, stop.Token);
        var mining = MineUntilFailureAsync(miner, stop.Token);
        var running = await Task.WhenAny(_loadRunning.Task, transfers, mining, Task.Delay(Convergence, stop.Token));
        Assert.True(running == _loadRunning.Task && !transfers.IsCompleted && !mining.IsCompleted,
            $"the load runs before the kill ({_loadAcknowledged} transfers, {_loadMined} blocks acknowledged) {(transfers.IsFaulted ? transfers.Exception : mining.Exception)}");
        Say($"SIGKILL {victim.Name} (pid {victim.Pid}) under load ({_loadAcknowledged} transfers and {_loadMined} blocks acknowledged so far); " +
            $"it hosts {string.Join(", ", placement.Where(p => p.Value == victim).Select(p => p.Key))}");
        await victim.KillAsync();
        var killedAt = _clock.Elapsed;
        await stop.CancelAsync();
        var loadSent = await transfers;
        var loadMined = await mining;
        mined.AddRange(loadMined);
        sent.AddRange(loadSent.Select(id => (miner, id, LoadAmount)));
        Say($"under load: {loadSent.Count} transfers and {loadMined.Count} blocks acknowledged in all");

        // The console reaches the survivors and mines on: the miner's chain comes back from the SQLite file on a
        // survivor, with the transfers that were pending in the dead silo's memory (persisted before acknowledged).
        await MineAsync(miner, 1, mined, retryUntil: Recovery);
        Say($"mined again {(_clock.Elapsed - killedAt).TotalSeconds:F1} s after the kill");
        Assert.True(mined[^1].Height > before.Height, $"the chain grows past {before.Height}");

        // Transfers after the kill are accepted (through the console), by the miner and by a follower.
        sent.Add((miner, await SendAsync(miner, spenders[0].Key, recipient, 0.5m, retryUntil: Recovery), 0.5m));
        var late = await SendAsync(followers[0], spenders[1].Key, recipient, 0.75m, retryUntil: Recovery);
        sent.Add((followers[0], late, 0.75m));
        await ReachesAsync(miner, late);
        await MineAsync(miner, 2, mined, retryUntil: Recovery);

        // Every block a mine command acknowledged is on the miner's best chain, at its height.
        var node = Client.GetGrain<INodeGrain>(miner);
        var (_, chain, chainFailure) = await Eventually.UntilAsync(() => node.GetChainAsync(0, 500), _ => true, Recovery);
        Assert.True(chain is not null, $"no chain from {miner}: {chainFailure}");
        Assert.True(chain.Length > mined[^1].Height, $"the best chain ({chain.Length} blocks) reaches height {mined[^1].Height}");
        var tip = chain.Blocks[^1].Hash;
        foreach (var (height, hash) in mined)
            Assert.True(chain.Blocks[(int)height].Hash.ToString() == hash, $"mined block {hash} at height {height} is not on the best chain");
        Assert.Equal(mined.Count, mined.Select(m => m.Height).Distinct().Count());

        // Every acknowledged transfer is in a block of the best chain (the miner's mempool is empty again)...
        var confirmed = chain.Blocks.SelectMany(b => b.Transactions).Select(t => t.Id.ToString()).ToHashSet();
        foreach (var (at, txid, _) in sent) Assert.True(confirmed.Contains(txid), $"acknowledged transfer {txid} (sent to {at}) is in no block");
        Assert.Equal(0, (await node.GetStatusAsync()).PendingTransactions);
        // ...and the node it was sent to still knows it (in a block or in its mempool).
        foreach (var (at, txid, _) in sent) await ReachesAsync(at, txid);

        // The recipient holds exactly what was sent to it: nothing lost, nothing counted twice (asked through the console).
        var paid = sent.Where(s => s.Amount is < 10m and not LoadAmount).Sum(s => s.Amount);
        var balance = await Console("balance", miner, recipient);
        Succeeded(balance);
        Assert.Contains($"balance {recipient}  {paid.ToString("F8", CultureInfo.InvariantCulture)}", balance.Output);
        // The sink got every acknowledged load transfer, and at most the one whose answer the kill cut off.
        var sinkBalance = (await node.GetAccountAsync(Address.Parse(sink))).Balance;
        var sinkAcknowledged = Amount.FromCoins(loadSent.Count * LoadAmount);
        Assert.True(sinkBalance.Units == sinkAcknowledged.Units || sinkBalance.Units == sinkAcknowledged.Units + Amount.FromCoins(LoadAmount).Units,
            $"the sink holds {sinkBalance} for {loadSent.Count} acknowledged transfers of {LoadAmount}");

        // The followers, wherever they were, follow the miner to its new tip.
        foreach (var follower in followers)
        {
            var (followed, status, failure) = await Eventually.UntilAsync(() => Client.GetGrain<INodeGrain>(follower).GetStatusAsync(),
                s => s.TipHash == tip, Convergence);
            Assert.True(followed, $"{follower} did not follow {miner} to its tip {tip} after the kill: at height {status?.Height} ({failure})");
            Say($"{follower} is at the tip");
        }

        Assert.All(_silos.Where(s => s != victim), s => Assert.False(s.HasExited, $"{s.Name} died too:\n{s.Tail()}"));
        Say($"done: {mined.Count} blocks mined up to height {mined[^1].Height}, {sent.Count} transfers, all kept; {_commands} console commands took {_inCommands.TotalSeconds:F1} s");
    }

    /// <summary>
    /// Signs and submits transfers with consecutive nonces straight through the cluster client until a call fails
    /// (or is not answered in time) or <paramref name="stop"/> is signalled; returns the acknowledged ids, in order.
    /// </summary>
    private async Task<List<string>> SubmitUntilFailureAsync(string miner, string keyPath, string to, CancellationToken stop)
    {
        await Task.Yield();
        var acknowledged = new List<string>();
        using var key = KeyFile.Load(keyPath);
        var node = Client.GetGrain<INodeGrain>(miner);
        var rules = ChainProfiles.Find("test")!;
        try
        {
            var nonce = (await node.GetAccountAsync(key.Address)).NextNonce;
            // At most 50: a sender has at most 64 transfers pending, should the mining loop stop first.
            while (!stop.IsCancellationRequested && acknowledged.Count < 50)
            {
                var transfer = TransactionSigner.Sign(
                    Transaction.CreateTransfer(rules.ChainId, key.PublicKey, Address.Parse(to), Amount.FromCoins(LoadAmount), new Amount(10_000), nonce), key);
                var answer = await node.SubmitTransactionAsync(transfer).WaitAsync(Eventually.AttemptTimeout, CancellationToken.None);
                Assert.True(answer.Accepted, $"load transfer {nonce} refused: {answer.Reason}: {answer.Message}");
                acknowledged.Add(answer.TransactionId.ToString());
                Interlocked.Increment(ref _loadAcknowledged);
                LoadProgressed();
                nonce++;
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            Say($"load transfers stopped after {acknowledged.Count}: {e.GetType().Name}");
        }

        return acknowledged;
    }

    // The kill waits for both loops to have had a few answers, and no longer: the loops are still running when it lands.
    private void LoadProgressed()
    {
        if (Volatile.Read(ref _loadAcknowledged) >= 3 && Volatile.Read(ref _loadMined) >= 2) _loadRunning.TrySetResult();
    }

    /// <summary>Mines one block per call straight through the cluster client until a call fails or <paramref name="stop"/> is signalled.</summary>
    private async Task<List<(long Height, string Hash)>> MineUntilFailureAsync(string miner, CancellationToken stop)
    {
        await Task.Yield();
        var acknowledged = new List<(long, string)>();
        var node = Client.GetGrain<INodeGrain>(miner);
        try
        {
            // At most 200: the chain is read back in one page of 500 blocks.
            while (!stop.IsCancellationRequested && acknowledged.Count < 200)
            {
                foreach (var block in await node.MineAsync(1).WaitAsync(Eventually.AttemptTimeout, CancellationToken.None))
                    acknowledged.Add((block.Height, block.Hash.ToString()));
                Interlocked.Increment(ref _loadMined);
                LoadProgressed();
            }
        }
        catch (Exception e)
        {
            Say($"load mining stopped after {acknowledged.Count} blocks: {e.GetType().Name}");
        }

        return acknowledged;
    }

    /// <summary>Waits until a transfer relayed by a follower is in <paramref name="node"/>'s mempool or chain.</summary>
    private async Task ReachesAsync(string node, string txid)
    {
        var (done, _, failure) = await Eventually.UntilAsync(() => Client.GetGrain<INodeGrain>(node).GetTransactionAsync(Hash256.Parse(txid)),
            tx => tx is not null, Convergence);
        Assert.True(done, $"transfer {txid} is not known to {node} ({failure ?? "not found"})");
    }

    /// <summary>Which silo hosts each node's node and chain grain, asked of the cluster's management grain.</summary>
    private async Task<Dictionary<string, ConfigSilo>> PlacementAsync(string miner, IEnumerable<string> followers)
    {
        var management = Client.GetGrain<IManagementGrain>(0);
        var placement = new Dictionary<string, ConfigSilo>();
        foreach (var name in followers.Prepend(miner))
        {
            foreach (var (kind, grain) in new (string, IAddressable)[] { ("node", Client.GetGrain<INodeGrain>(name)), ("chain", Client.GetGrain<IChainGrain>(name)) })
            {
                var address = await management.GetActivationAddress(grain);
                if (address is null) continue;
                placement[$"{kind}/{name}"] = _silos.Single(s => s.SiloPort == address.Endpoint.Port);
            }
        }

        Assert.True(placement.ContainsKey($"chain/{miner}"), "the miner's chain is active somewhere");
        return placement;
    }

    private async Task<(string Key, string Address)> NewKeyAsync(string name)
    {
        var path = Path.Combine(_root, $"{name}.pem");
        var created = await CliRunner.RunAsync("key", "new", path);
        Succeeded(created);
        return (path, AddressLine().Match(created.Output).Groups[1].Value);
    }

    /// <summary><c>grainchain mine NODE --blocks N</c>; every block it prints is recorded, even from a run that failed later.</summary>
    private async Task MineAsync(string node, int blocks, List<(long Height, string Hash)> mined, TimeSpan? retryUntil = null)
    {
        var result = await ConsoleUntilAsync(retryUntil, output =>
        {
            foreach (Match m in MinedLine().Matches(output))
                mined.Add((long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m.Groups[2].Value));
        }, "mine", node, "--blocks", blocks.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(blocks, MinedLine().Matches(result.Output).Count);
    }

    /// <summary><c>grainchain tx send</c>; returns the acknowledged transaction id.</summary>
    private async Task<string> SendAsync(string node, string key, string to, decimal amount, TimeSpan? retryUntil = null)
    {
        var result = await ConsoleUntilAsync(retryUntil, null,
            "tx", "send", node, "--key", key, "--to", to, "--amount", amount.ToString(CultureInfo.InvariantCulture));
        return TxidLine().Match(result.Output).Groups[1].Value;
    }

    /// <summary>
    /// Runs a cluster command until it succeeds or <paramref name="retryUntil"/> passes (once when null): while the
    /// survivors have not yet declared the killed silo dead, calls to grains it hosted fail.
    /// </summary>
    private async Task<(int ExitCode, string Output, string Errors)> ConsoleUntilAsync(TimeSpan? retryUntil, Action<string>? onOutput, params string[] args)
    {
        var deadline = _clock.Elapsed + (retryUntil ?? TimeSpan.Zero);
        var attempts = 0;
        while (true)
        {
            attempts++;
            var result = await Console([.. args, "--timeout", retryUntil is null ? "10" : "5"]);
            onOutput?.Invoke(result.Output);
            if (result.ExitCode == 0)
            {
                if (attempts > 1) Say($"{string.Join(' ', args.Take(2))}: succeeded on attempt {attempts}");
                return result;
            }

            if (_clock.Elapsed >= deadline)
                Assert.Fail($"grainchain {string.Join(' ', args)} failed {attempts} time(s); last: exit {result.ExitCode}\n{result.Errors}\n{result.Output}\n{Logs()}");
            Say($"{string.Join(' ', args.Take(2))}: attempt {attempts} failed: {result.Errors.Trim()}");
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> Console(params string[] args)
    {
        var started = _clock.Elapsed;
        var result = await CliRunner.RunAsync([.. args, "--config", ClientConfig]);
        _commands++;
        _inCommands += _clock.Elapsed - started;
        Say($"grainchain {string.Join(' ', args.Take(2))} -> {result.ExitCode} in {(_clock.Elapsed - started).TotalMilliseconds:F0} ms");
        return result;
    }

    private void Succeeded((int ExitCode, string Output, string Errors) result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Errors}\n{result.Output}\n{Logs()}");

    private string Logs() => string.Join('\n', _silos.Select(s => s.Tail()));

    private void Say(string line) => log.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {line}");

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GrainChain.sln"))) return folder.FullName;
        throw new InvalidOperationException("the tests run under the repository");
    }

    public async Task DisposeAsync()
    {
        // The silos go first, whatever happened: no process outlives the test.
        foreach (var silo in _silos) await silo.DisposeAsync();
        if (_client is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _client.StopAsync(stop.Token);
            }
            catch (Exception)
            {
                // Its cluster is gone; nothing to say goodbye to.
            }
            _client.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleanup.
        }
    }

    [GeneratedRegex("^address ([0-9a-f]{40})", RegexOptions.Multiline)]
    private static partial Regex AddressLine();

    [GeneratedRegex("^mined   height (\\d+) ([0-9a-f]{64})", RegexOptions.Multiline)]
    private static partial Regex MinedLine();

    [GeneratedRegex("^txid    ([0-9a-f]{64})", RegexOptions.Multiline)]
    private static partial Regex TxidLine();
}
