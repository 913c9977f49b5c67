using System.CommandLine;
using System.Diagnostics;
using GrainChain.Ledger.Chain;
using GrainChain.Ledger.Consensus;
using GrainChain.Ledger.Mining;
using GrainChain.Ledger.Node;
using GrainChain.Ledger.Primitives;
using GrainChain.Ledger.Transactions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Cli.Commands;

/// <summary>
/// <c>grainchain demo</c>: one in-process ledger node going through the tutorial flow — mine, send a transaction,
/// mine it into a block, show the chain and the balances — with real proof of work and real signatures.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var blocks = new Option<int>("--blocks", "-n")
        {
            Description = "Blocks to mine before the transfer (each pays the miner the block reward).",
            DefaultValueFactory = _ => 3,
        };
        var chain = new Option<string>("--chain")
        {
            Description = "Chain profile: main (real difficulty, CPU-minable) or test (trivial difficulty).",
            DefaultValueFactory = _ => "main",
        };
        var key = new Option<FileInfo?>("--key") { Description = "The miner's key file; a fresh key when omitted." };
        var demo = new Command("demo", "Mine blocks, send a signed transfer, mine it, and print the chain and balances.")
        {
            blocks, chain, key,
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
            using var minerKey = parse.GetValue(key) is { } file ? KeyFile.Load(file.FullName) : KeyPair.Generate();
            await RunAsync(rules, count, minerKey, output, cancellationToken);
            return 0;
        });
        return demo;
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
