using System.CommandLine;
using GrainChain.Ledger.Encoding;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Cli.Commands;

/// <summary><c>grainchain key new|show</c>: wallet key files (PKCS#8 PEM).</summary>
internal static class KeyCommands
{
    public static Command Create(TextWriter output, TextWriter errors)
    {
        var key = new Command("key", "Create and inspect wallet key files.");

        var path = new Argument<FileInfo>("file") { Description = "The key file (PKCS#8 PEM)." };
        var create = new Command("new", "Generate a P-256 key, save it owner-readable only, and print its address.") { path };
        create.SetAction(parse =>
        {
            var file = parse.GetValue(path)!;
            if (file.Exists)
            {
                errors.WriteLine($"error: {file.FullName} exists; refusing to overwrite a key");
                return 1;
            }
            using var pair = KeyFile.Generate(file.FullName);
            output.WriteLine($"address {pair.Address}");
            output.WriteLine($"saved   {file.FullName}");
            return 0;
        });

        var showPath = new Argument<FileInfo>("file") { Description = "The key file (PKCS#8 PEM)." };
        var show = new Command("show", "Print the address and public key of a key file.") { showPath };
        show.SetAction(parse =>
        {
            var file = parse.GetValue(showPath)!;
            try
            {
                using var pair = KeyFile.Load(file.FullName);
                output.WriteLine($"address    {pair.Address}");
                output.WriteLine($"public key {pair.PublicKey}");
                return 0;
            }
            catch (LedgerException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
        });

        key.Subcommands.Add(create);
        key.Subcommands.Add(show);
        return key;
    }
}
