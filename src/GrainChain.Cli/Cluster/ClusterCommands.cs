using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GrainChain.Abstractions.Nodes;
using GrainChain.Cli.Commands;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using Spectre.Console;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// The commands that act on ledger nodes of a GrainChain cluster as an Orleans cluster client: <c>node</c>,
/// <c>mine</c>, <c>chain show</c>, <c>balance</c>, <c>peers</c>, <c>resolve</c> and <c>tx send</c>.
/// </summary>
internal static class ClusterCommands
{
    private const int MaxPage = 500;

    public static IEnumerable<Command> Create(TextWriter output, TextWriter errors)
    {
        yield return Node(output, errors);
        yield return Mine(output, errors);
        yield return Chain(output, errors);
        yield return Balance(output, errors);
        yield return Peers(output, errors);
        yield return Resolve(output, errors);
        yield return Tx(output, errors);
    }

    private static Argument<string> NodeName(string name = "name", string description = "The node's name.")
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            if (NodeNames.Problem(result.GetValueOrDefault<string>()) is { } problem) result.AddError(problem);
        });
        return argument;
    }

    private static Argument<Address> AddressArgument(string name, string description) =>
        new(name) { Description = description, CustomParser = result => ParseAddress(result.Tokens[0].Value, result.AddError) };

    private static Option<Address?> AddressOption(string name, string description) =>
        new(name) { Description = description, CustomParser = result => ParseAddress(result.Tokens[0].Value, result.AddError) };

    // An address, or the name of a wallet whose address is meant.
    private static Address ParseAddress(string text, Action<string> error)
    {
        if (WalletStore.Default().ResolveAddress(text, out var why) is { } address) return address;
        error(why!);
        return default;
    }

    private static Command Node(TextWriter output, TextWriter errors)
    {
        var node = new Command("node", "Create, list and inspect ledger nodes on the cluster.");

        var createConnection = new ClusterConnection(errors);
        var name = NodeName();
        var profile = new Option<string>("--profile")
        {
            Description = "Chain profile: main (real difficulty) or test (trivial difficulty).",
            DefaultValueFactory = _ => "main",
        };
        profile.AcceptOnlyFromAmong("main", "test");
        var miner = AddressOption("--miner", "The address (or wallet name) the node's mining rewards go to.");
        var key = new Option<FileInfo?>("--key") { Description = "A key file whose address receives the node's mining rewards." };
        var create = new Command("create", "Create a node (again with the same settings is a no-op).") { name, profile, miner, key };
        create.Validators.Add(result =>
        {
            var hasMiner = result.GetResult(miner) is not null;
            var hasKey = result.GetResult(key) is not null;
            if (hasMiner == hasKey) result.AddError("give the miner's address with exactly one of --miner ADDRESS or --key FILE");
        });
        createConnection.Attach(create);
        create.SetAction((parse, cancellationToken) =>
        {
            Address rewards;
            if (parse.GetValue(key) is { } file)
            {
                try
                {
                    using var pair = KeyFile.Load(file.FullName);
                    rewards = pair.Address;
                }
                catch (Exception e) when (e is LedgerException or IOException)
                {
                    errors.WriteLine($"error: {e.Message}");
                    return Task.FromResult(1);
                }
            }
            else rewards = parse.GetValue(miner)!.Value;

            return createConnection.RunAsync(parse, async (client, _) =>
            {
                var status = await client.GetGrain<INodeGrain>(parse.GetValue(name)!).CreateAsync(new NodeSettings(parse.GetValue(profile)!, rewards));
                output.WriteLine($"created {status.Name} on {status.Profile}, miner {status.Miner}");
                output.WriteLine($"tip     {status.TipHash} at height {status.Height}");
                return 0;
            }, cancellationToken);
        });

        var listConnection = new ClusterConnection(errors);
        var list = listConnection.Attach(new Command("list", "List every node created in the cluster, in creation order."));
        list.SetAction((parse, cancellationToken) => listConnection.RunAsync(parse, async (client, token) =>
        {
            var registry = client.GetGrain<INodeRegistryGrain>(0);
            var from = 0;
            while (true)
            {
                token.ThrowIfCancellationRequested();
                var page = await registry.ListAsync(from, MaxPage);
                foreach (var n in page.Names) output.WriteLine(n);
                from += page.Names.Count;
                if (page.Names.Count == 0 || from >= page.Total)
                {
                    output.WriteLine($"{page.Total} node(s)");
                    return 0;
                }
            }
        }, cancellationToken));

        var statusConnection = new ClusterConnection(errors);
        var statusName = NodeName();
        var status = statusConnection.Attach(new Command("status", "Show a node's tip, height, work, mempool and peers.") { statusName });
        status.SetAction((parse, cancellationToken) => statusConnection.RunAsync(parse, async (client, _) =>
        {
            var s = await client.GetGrain<INodeGrain>(parse.GetValue(statusName)!).GetStatusAsync();
            output.WriteLine($"node    {s.Name}");
            output.WriteLine($"profile {s.Profile}");
            output.WriteLine($"miner   {s.Miner}");
            output.WriteLine($"tip     {s.TipHash}");
            output.WriteLine($"height  {s.Height}");
            output.WriteLine($"work    {s.CumulativeWork}");
            output.WriteLine($"mempool {s.PendingTransactions}");
            output.WriteLine($"mining  {(s.Mining ? "yes" : "no")}");
            output.WriteLine($"peers   {(s.Peers.IsDefaultOrEmpty ? "-" : string.Join(", ", s.Peers))}");
            output.WriteLine($"banned  {(s.BannedPeers.IsDefaultOrEmpty ? "-" : string.Join(", ", s.BannedPeers))}");
            return 0;
        }, cancellationToken));

        node.Subcommands.Add(create);
        node.Subcommands.Add(list);
        node.Subcommands.Add(status);
        return node;
    }

    private static Command Mine(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var name = NodeName();
        var blocks = new Option<int>("--blocks", "-n") { Description = "Blocks to mine, one after another.", DefaultValueFactory = _ => 1 };
        blocks.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000) result.AddError("--blocks must be between 1 and 10000");
        });
        var mine = connection.Attach(new Command("mine", "Mine blocks on a node's best tip, paying its miner; shows blocks found and the hash rate.") { name, blocks });
        mine.SetAction((parse, cancellationToken) => connection.RunAsync(parse, async (client, token) =>
        {
            var nodeName = parse.GetValue(name)!;
            var node = client.GetGrain<INodeGrain>(nodeName);
            var count = parse.GetValue(blocks);
            var console = CliConsole.Create(output);
            var rate = new HashRate();
            var total = Stopwatch.StartNew();
            await console.Progress().AutoClear(true).StartAsync(async context =>
            {
                var task = context.AddTask($"mining {count} block(s) on {nodeName}", maxValue: count);
                for (var i = 0; i < count; i++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    // One block per call: each answer arrives within the response timeout and is shown as it comes.
                    foreach (var block in await node.MineAsync(1, token))
                    {
                        rate.Add(block.Bits);
                        var perSecond = HashRate.Format(rate.PerSecond(total.Elapsed));
                        console.WriteLine($"mined   height {block.Height} {block.Hash} ({block.Transactions} txs) in {stopwatch.Elapsed.TotalMilliseconds:F0} ms, ~{perSecond}");
                        task.Description = $"mining on {nodeName}: {rate.Blocks}/{count} found, ~{perSecond}";
                    }
                    task.Increment(1);
                }
            });
            output.WriteLine($"found   {rate.Blocks} block(s) in {total.Elapsed.TotalSeconds:F1} s, ~{HashRate.Format(rate.PerSecond(total.Elapsed))} " +
                             "(expected hashes of their targets over the time taken)");
            return 0;
        }, cancellationToken));
        return mine;
    }

    private static Command Chain(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var name = NodeName();
        var from = new Option<long>("--from") { Description = "The first height to show.", DefaultValueFactory = _ => 0 };
        from.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0) result.AddError("--from must not be negative");
        });
        var count = new Option<int>("--count") { Description = $"Blocks to show (at most {MaxPage}).", DefaultValueFactory = _ => 20 };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxPage) result.AddError($"--count must be between 1 and {MaxPage}");
        });
        var show = connection.Attach(new Command("show", "Print blocks of a node's best chain.") { name, from, count });
        show.SetAction((parse, cancellationToken) => connection.RunAsync(parse, async (client, _) =>
        {
            var page = await client.GetGrain<INodeGrain>(parse.GetValue(name)!).GetChainAsync(parse.GetValue(from), parse.GetValue(count));
            output.WriteLine("height  hash                                                              txs  time");
            var height = page.FromHeight;
            foreach (var block in page.Blocks)
            {
                output.WriteLine($"{height,6}  {block.Hash}  {block.Transactions.Length,3}  {DateTimeOffset.FromUnixTimeSeconds(block.Header.Time):u}");
                height++;
            }
            output.WriteLine($"shown   {page.Blocks.Length} of {page.Length} block(s)");
            return 0;
        }, cancellationToken));
        var chain = new Command("chain", "Inspect a node's chain.");
        chain.Subcommands.Add(show);
        return chain;
    }

    private static Command Balance(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var name = NodeName();
        var address = AddressArgument("address", "The account's address, or a wallet's name.");
        var balance = connection.Attach(new Command("balance", "An account's balance and next nonce at a node's best tip.") { name, address });
        balance.SetAction((parse, cancellationToken) => connection.RunAsync(parse, async (client, _) =>
        {
            var account = await client.GetGrain<INodeGrain>(parse.GetValue(name)!).GetAccountAsync(parse.GetValue(address));
            output.WriteLine($"balance {account.Address}  {account.Balance}");
            output.WriteLine($"nonce   {account.NextNonce}");
            if (account.PendingNonce != account.NextNonce) output.WriteLine($"pending {account.PendingNonce - account.NextNonce} transfer(s) in the node's mempool");
            return 0;
        }, cancellationToken));
        return balance;
    }

    private static Command Peers(TextWriter output, TextWriter errors)
    {
        var peers = new Command("peers", "Add, remove and list a node's peers.");

        var addConnection = new ClusterConnection(errors);
        var addName = NodeName();
        var added = new Argument<string[]>("peers") { Description = "The peer nodes' names (all are added, or none).", Arity = ArgumentArity.OneOrMore };
        added.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
                if (NodeNames.Problem(value) is { } problem) result.AddError(problem);
        });
        var add = addConnection.Attach(new Command("add", "Make a node follow peers (same chain profile; a peer already followed is a no-op).") { addName, added });
        add.SetAction((parse, cancellationToken) => addConnection.RunAsync(parse, async (client, _) =>
        {
            var now = await client.GetGrain<INodeGrain>(parse.GetValue(addName)!).AddPeersAsync(parse.GetValue(added)!);
            output.WriteLine($"peers   {(now.Count == 0 ? "-" : string.Join(", ", now))}");
            return 0;
        }, cancellationToken));
        peers.Subcommands.Add(add);

        var removeConnection = new ClusterConnection(errors);
        var removeName = NodeName();
        var removed = NodeName("peer", "The peer node's name.");
        var remove = removeConnection.Attach(new Command("remove", "Stop following a peer (not a peer is a no-op).") { removeName, removed });
        remove.SetAction((parse, cancellationToken) => removeConnection.RunAsync(parse, async (client, _) =>
        {
            var now = await client.GetGrain<INodeGrain>(parse.GetValue(removeName)!).RemovePeerAsync(parse.GetValue(removed)!);
            output.WriteLine($"peers   {(now.Count == 0 ? "-" : string.Join(", ", now))}");
            return 0;
        }, cancellationToken));
        peers.Subcommands.Add(remove);

        var listConnection = new ClusterConnection(errors);
        var listName = NodeName();
        var list = listConnection.Attach(new Command("list", "A node's peers: last announced tip, misbehaviour score, ban.") { listName });
        list.SetAction((parse, cancellationToken) => listConnection.RunAsync(parse, async (client, _) =>
        {
            var links = await client.GetGrain<INodeGrain>(parse.GetValue(listName)!).GetPeerLinksAsync();
            foreach (var link in links)
            {
                var tip = link.LastAnnouncement is { } a ? $"height {a.Height} {a.TipHash}" : "no announcement yet";
                var ban = link.IsBanned(DateTimeOffset.UtcNow) ? $", banned until {link.BannedUntil:u}" : "";
                output.WriteLine($"peer    {link.Peer}: {tip}, score {link.Score}{ban}{(link.LastOffence is { } o ? $" ({o})" : "")}");
            }
            output.WriteLine($"{links.Count} peer(s)");
            return 0;
        }, cancellationToken));
        peers.Subcommands.Add(list);
        return peers;
    }

    private static Command Resolve(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var name = NodeName();
        var resolve = connection.Attach(new Command("resolve", "Longest-chain consensus: take a peer's chain if it has more work.") { name });
        resolve.SetAction((parse, cancellationToken) => connection.RunAsync(parse, async (client, _) =>
        {
            var result = await client.GetGrain<INodeGrain>(parse.GetValue(name)!).ResolveAsync();
            output.WriteLine(result.Replaced
                ? $"replaced from {result.FromPeer}: {result.Connected} block(s) joined, {result.Disconnected} left the best chain"
                : "authoritative: no peer has more work");
            output.WriteLine($"tip     {result.TipHash} at height {result.Height}");
            foreach (var error in result.PeerErrors.IsDefault ? [] : result.PeerErrors)
                output.WriteLine($"peer    {error.Peer} failed: {error.Error}{(error.Banned ? " (banned)" : "")}");
            return 0;
        }, cancellationToken));
        return resolve;
    }

    private static Command Tx(TextWriter output, TextWriter errors)
    {
        var connection = new ClusterConnection(errors);
        var name = NodeName();
        var key = new Option<FileInfo?>("--key") { Description = "The sender's key file." };
        var from = new Option<string?>("--from") { Description = "The sender's wallet (see `grainchain wallet`)." };
        var to = new Option<Address>("--to")
        {
            Description = "The recipient's address, or a wallet's name.",
            Required = true,
            CustomParser = result => ParseAddress(result.Tokens[0].Value, result.AddError),
        };
        var amount = new Option<decimal>("--amount") { Description = "Coins to send (up to eight decimals).", Required = true };
        amount.Validators.Add(result =>
        {
            var coins = result.GetValueOrDefault<decimal>();
            var units = coins * Amount.UnitsPerCoin;
            if (coins <= 0 || units != decimal.Truncate(units) || units > Amount.MaxUnits)
                result.AddError($"--amount must be a positive number of coins with at most eight decimals, not {coins.ToString(CultureInfo.InvariantCulture)}");
        });
        var fee = new Option<long>("--fee") { Description = "The fee in base units.", DefaultValueFactory = _ => 10_000 };
        fee.Validators.Add(result =>
        {
            if (!Amount.IsValid(result.GetValueOrDefault<long>())) result.AddError($"--fee must be between 0 and {Amount.MaxUnits} units");
        });
        var send = connection.Attach(new Command("send", "Sign a transfer with a wallet or key file and the node's next nonce, and submit it.") { name, from, key, to, amount, fee });
        send.Validators.Add(result =>
        {
            if ((result.GetResult(key) is null) == (result.GetResult(from) is null)) result.AddError("name the sender with exactly one of --from WALLET or --key FILE");
        });
        send.SetAction(async (parse, cancellationToken) =>
        {
            KeyPair sender;
            try
            {
                sender = parse.GetValue(from) is { } wallet ? WalletStore.Default().Load(wallet) : KeyFile.Load(parse.GetValue(key)!.FullName);
            }
            catch (Exception e) when (e is LedgerException or IOException or WalletException)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }

            using (sender)
            {
                return await connection.RunAsync(parse, async (client, _) =>
                {
                    var node = client.GetGrain<INodeGrain>(parse.GetValue(name)!);
                    var status = await node.GetStatusAsync();
                    if (ChainProfiles.Find(status.Profile) is not { } rules)
                    {
                        errors.WriteLine($"error: node {status.Name} is on profile '{status.Profile}', which this console does not know");
                        return 1;
                    }
                    var value = Amount.FromCoins(parse.GetValue(amount));
                    var (transfer, submission) = await WalletTransfer.SendAsync(node, rules, sender, parse.GetValue(to), value, new Amount(parse.GetValue(fee)));
                    if (!submission.Accepted)
                    {
                        errors.WriteLine($"rejected: {submission.Reason}: {submission.Message}");
                        return 1;
                    }
                    output.WriteLine($"txid    {submission.TransactionId}");
                    output.WriteLine($"sent    {value} to {parse.GetValue(to)} (fee {transfer.Fee}, nonce {transfer.Nonce}), pending on {status.Name}");
                    return 0;
                }, cancellationToken);
            }
        });
        var tx = new Command("tx", "Send transactions.");
        tx.Subcommands.Add(send);
        return tx;
    }
}
