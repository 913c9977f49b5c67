using System.CommandLine;
using GrainChain.Ledger.Encoding;

namespace GrainChain.Cli.Commands;

/// <summary><c>grainchain wallet new|address|list</c>: named keys in the wallet folder (see <see cref="WalletStore"/>).</summary>
internal static class WalletCommands
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var wallet = new Command("wallet", $"Named wallets: keys kept in ${WalletStore.EnvironmentVariable}, else {WalletStore.DefaultFolder}/.");

        var newName = new Argument<string>("name") { Description = "The wallet's name (letters, digits, '.', '_' or '-')." };
        var create = new Command("new", "Generate a key for a new wallet and print its address.") { newName };
        create.SetAction(parse => Run(errors, () =>
        {
            var store = WalletStore.Default();
            using var key = store.Create(parse.GetValue(newName)!);
            output.WriteLine($"address {key.Address}");
            output.WriteLine($"saved   {store.PathOf(parse.GetValue(newName)!)}");
        }));

        var addressName = new Argument<string>("name") { Description = "The wallet's name." };
        var address = new Command("address", "Print a wallet's address (what others send coins to).") { addressName };
        address.SetAction(parse => Run(errors, () =>
        {
            using var key = WalletStore.Default().Load(parse.GetValue(addressName)!);
            output.WriteLine(key.Address.ToString());
        }));

        var list = new Command("list", "List the wallets with their addresses.");
        list.SetAction(parse => Run(errors, () =>
        {
            var store = WalletStore.Default();
            var names = store.List();
            foreach (var name in names)
            {
                using var key = store.Load(name);
                output.WriteLine($"{name,-20} {key.Address}");
            }
            output.WriteLine($"{names.Count} wallet(s) in {store.Directory}");
        }));

        wallet.Subcommands.Add(create);
        wallet.Subcommands.Add(address);
        wallet.Subcommands.Add(list);
        return wallet;
    }

    private static int Run(TextWriter errors, Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (Exception e) when (e is WalletException or LedgerException or IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
