using System.CommandLine;
using System.Diagnostics;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;
using GrainChain.Cli.Cluster;
using GrainChain.Cli.Cluster.Local;

namespace GrainChain.Cli.Commands;

/// <summary>
/// <c>grainchain demo</c>: the ledger at work on the local cluster — it starts the silos of <c>silo-config/</c> unless
/// they are running (or uses the cluster <c>--config</c> names), runs <see cref="ClusterDemo"/> as an Orleans client,
/// and stops the silos it started. <c>--in-process</c> walks one in-process ledger node through the tutorial flow
/// instead (mine, send a transaction, mine it, show the chain and balances), with no cluster at all.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var blocks = new Option<int>("--blocks", "-n")
        {
            Description = "Blocks to mine before the first transfer (each pays the miner the block reward).",
            DefaultValueFactory = _ => 3,
        };
        var chain = new Option<string>("--chain")
        {
            Description = "Chain profile: main (real difficulty, CPU-minable) or test (trivial difficulty).",
            DefaultValueFactory = _ => "main",
        };
        var inProcess = new Option<bool>("--in-process") { Description = "One ledger node in this process, no cluster: the tutorial flow." };
        var key = new Option<FileInfo?>("--key") { Description = "With --in-process: the miner's key file; a fresh key when omitted." };
        var config = new Option<FileInfo?>("--config") { Description = "Use the running cluster this silo configuration names instead of the local one." };
        var single = new Option<bool>("--single") { Description = "Start silo-config/single.json's one silo instead of local-1..3.json's three." };
        var keep = new Option<bool>("--keep") { Description = "Leave the silos the demo started running (`grainchain down` stops them)." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Seconds to wait for each answer and for the nodes to agree.",
            DefaultValueFactory = _ => 30,
        };
        var demo = new Command("demo", "Run the ledger on the local cluster: a ring of nodes, signed transfers, a fork between two miners, " +
                                       "resolve, and the converged chain and balances.")
        {
            blocks, chain, inProcess, key, config, single, keep, timeout,
        };
        demo.SetAction(async (parse, cancellationToken) =>
        {
            var count = parse.GetValue(blocks);
            if (count is < 1 or > 10_000)
            {
                errors.WriteLine("error: --blocks must be between 1 and 10000");
                return 2;
            }
            var rules = ChainProfiles.Find(parse.GetValue(chain)!);
            if (rules is null || rules == ChainParams.BitcoinMain)
            {
                errors.WriteLine($"error: --chain must be main or test, not '{parse.GetValue(chain)}'");
                return 2;
            }
            if (parse.GetValue(timeout) is < 1 or > 3600)
            {
                errors.WriteLine("error: --timeout must be between 1 and 3600 seconds");
                return 2;
            }
            if (parse.GetValue(inProcess))
            {
                using var minerKey = parse.GetValue(key) is { } file ? KeyFile.Load(file.FullName) : KeyPair.Generate();
                await RunAsync(rules, count, minerKey, output, cancellationToken);
                return 0;
            }
            if (parse.GetValue(key) is not null)
            {
                errors.WriteLine("error: --key applies to --in-process only (the cluster demo makes its own wallets)");
                return 2;
            }
            return await RunOnClusterAsync(rules, count, parse.GetValue(config), parse.GetValue(single), parse.GetValue(keep),
                TimeSpan.FromSeconds(parse.GetValue(timeout)), output, errors, cancellationToken);
        });
        return demo;
    }

    private static bool Running(IReadOnlyList<LocalSilo> plan) =>
        plan.Any(s => SiloProcesses.RunningPid(s.PidPath) is not null);

    private static IReadOnlyList<LocalSilo>? TryPlan(string root, bool single)
    {
        try
        {
            return LocalSilo.Plan(root, single);
        }
        catch (LocalClusterException)
        {
            return null;
        }
    }

    private static async Task<int> RunOnClusterAsync(ChainParams rules, int blocks, FileInfo? config, bool single, bool keep, TimeSpan timeout,
        TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var root = Directory.GetCurrentDirectory();
        var started = false;
        if (config is null)
        {
            IReadOnlyList<LocalSilo> plan;
            try
            {
                plan = LocalSilo.Plan(root, single);
            }
            catch (LocalClusterException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
            // The other local layout may be the one running (it shares ports with this one): then the demo uses it.
            var other = TryPlan(root, !single);
            if (!Running(plan) && other is not null && Running(other)) plan = other;
            if (Running(plan))
                output.WriteLine($"cluster using the running local cluster ({Path.GetRelativePath(root, plan[0].ConfigPath)})");
            else
            {
                var files = string.Join(", ", plan.Select(s => Path.GetRelativePath(root, s.ConfigPath)));
                output.WriteLine($"cluster starting {plan.Count} silo(s) from {files} (the embedded SQLite default; logs in {LocalSilo.StateFolder}/)");
                if (await LocalCommands.UpAsync(root, single, null, TimeSpan.FromSeconds(120), output, errors, cancellationToken) != 0) return 1;
                started = true;
            }
            config = new FileInfo(plan[0].ConfigPath);
        }

        try
        {
            return await ClusterConnection.RunAsync(config, timeout, errors, async (client, token) =>
            {
                try
                {
                    return await new ClusterDemo(client, rules, output, timeout).RunAsync(ClusterDemo.NewPrefix(), blocks, token);
                }
                catch (InvalidOperationException e)
                {
                    errors.WriteLine($"error: {e.Message}");
                    return 1;
                }
            }, cancellationToken);
        }
        finally
        {
            if (started && !keep)
            {
                output.WriteLine();
                await LocalCommands.DownAsync(root, TimeSpan.FromSeconds(45), output, errors, CancellationToken.None);
            }
            else if (started) output.WriteLine("cluster left running: `grainchain down` stops it");
        }
    }

    private static async Task RunAsync(ChainParams rules, int count, KeyPair minerKey, TextWriter output, CancellationToken cancellationToken)
    {
        using var signatures = new SignatureVerifier();
        var node = new LedgerNode(rules, new InMemoryBlockStore(rules), signatures, TimeProvider.System);
        var miner = new ProofOfWorkMiner();
        output.WriteLine($"chain   {rules.Name}, genesis {node.State.Genesis.Hash}");
        output.WriteLine($"miner   {minerKey.Address}");

        for (var i = 0; i < count; i++) await MineAndReportAsync(node, miner, minerKey.Address, output, cancellationToken);

        using var recipient = KeyPair.Generate();
        var amount = new Amount(Amount.UnitsPerCoin);
        var fee = new Amount(10_000);
        var transfer = TransactionSigner.Sign(
            Transaction.CreateTransfer(rules.ChainId, minerKey.PublicKey, recipient.Address, amount, fee,
                node.State.Accounts.NextNonceOf(minerKey.Address)),
            minerKey);
        var admission = node.SubmitTransaction(transfer);
        output.WriteLine(admission.IsAccepted
            ? $"send    {amount} to {recipient.Address} (fee {fee}): txid {transfer.Id} in the mempool"
            : $"send    {amount} to {recipient.Address} refused: {admission.Reason}, {admission.Message}");

        await MineAndReportAsync(node, miner, minerKey.Address, output, cancellationToken);

        output.WriteLine();
        output.WriteLine("height  hash                                                              txs  time");
        for (long h = 0; h <= node.State.Height; h++)
        {
            var block = node.State.GetBlockAtHeight(h)!;
            output.WriteLine($"{h,6}  {block.Hash}  {block.Transactions.Length,3}  {DateTimeOffset.FromUnixTimeSeconds(block.Header.Time):u}");
        }
        output.WriteLine();
        output.WriteLine($"balance {minerKey.Address}  {node.State.Accounts.BalanceOf(minerKey.Address)}");
        output.WriteLine($"balance {recipient.Address}  {node.State.Accounts.BalanceOf(recipient.Address)}");
    }

    private static async Task MineAndReportAsync(LedgerNode node, ProofOfWorkMiner miner, Address minerAddress, TextWriter output, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await node.MineBlockAsync(miner, minerAddress, cancellationToken);
        output.WriteLine($"mined   height {result.TipHeight} {result.BlockHash} in {stopwatch.Elapsed.TotalMilliseconds:F0} ms ({result.Kind})");
    }
}
