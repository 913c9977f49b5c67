using System.CommandLine;
using System.Diagnostics;
using GrainChain.Ledger.Blocks;
using GrainChain.Ledger.Consensus;

namespace GrainChain.Cli.Commands;

/// <summary><c>grainchain headers verify</c>: checks a file of 80-byte headers against a chain's header rules.</summary>
internal static class HeaderCommands
{
    // A header file larger than this is not something to load whole into memory.
    private const long MaxFileBytes = 1L << 30;

    public static Command Create(TextWriter output, TextWriter errors)
    {
        var headers = new Command("headers", "Work with block header files.");
        var path = new Argument<FileInfo>("file") { Description = "Concatenated 80-byte headers, genesis first." };
        var chain = new Option<string>("--chain")
        {
            Description = "The header rules: bitcoin-main, main or test.",
            DefaultValueFactory = _ => "bitcoin-main",
        };
        var verify = new Command("verify", "Validate every header in order: links, proof of work, retargets and times.") { path, chain };
        verify.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(path)!;
            if (ChainProfiles.Find(parse.GetValue(chain)!) is not { } rules)
            {
                errors.WriteLine($"error: unknown chain '{parse.GetValue(chain)}' (known: {string.Join(", ", ChainProfiles.Names)})");
                return 2;
            }
            if (!file.Exists)
            {
                errors.WriteLine($"error: {file.FullName} does not exist");
                return 1;
            }
            if (file.Length % BlockHeader.Size != 0 || file.Length == 0 || file.Length > MaxFileBytes)
            {
                errors.WriteLine($"error: {file.FullName} is {file.Length} bytes, not a whole number of 80-byte headers (at most {MaxFileBytes} bytes)");
                return 1;
            }

            var bytes = await File.ReadAllBytesAsync(file.FullName, cancellationToken);
            var list = new BlockHeader[bytes.Length / BlockHeader.Size];
            for (var i = 0; i < list.Length; i++)
                list[i] = BlockHeader.Decode(bytes.AsSpan(i * BlockHeader.Size, BlockHeader.Size));

            var stopwatch = Stopwatch.StartNew();
            try
            {
                var tip = new HeaderChainValidator(rules, TimeProvider.System).Validate(list);
                output.WriteLine($"valid   {list.Length} headers of {rules.Name} in {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
                output.WriteLine($"tip     {tip} at height {list.Length - 1}");
                output.WriteLine($"bits    0x{list[^1].Bits:x8}, time {DateTimeOffset.FromUnixTimeSeconds(list[^1].Time):u}");
                return 0;
            }
            catch (HeaderValidationException e)
            {
                errors.WriteLine($"invalid: {e.Message}");
                return 1;
            }
        });
        headers.Subcommands.Add(verify);
        return headers;
    }
}
