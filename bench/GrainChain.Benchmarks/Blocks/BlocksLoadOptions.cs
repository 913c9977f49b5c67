using System.Globalization;

namespace GrainChain.Benchmarks.Blocks;

/// <summary>The block archive load program's command line.</summary>
public sealed record BlocksLoadOptions(IReadOnlyList<string> Backends, int Blocks, int Size, int Writers, int Reads)
{
    public static readonly string[] Known = ["sqlite", "postgres", "memory"];

    public const string Usage =
        "blocks [--backend sqlite|postgres|memory]... [--blocks N (10000)] [--size BYTES (300)] [--writers N (16)] [--reads N (10)]";

    public static BlocksLoadOptions Parse(IReadOnlyList<string> args)
    {
        var backends = new List<string>();
        var blocks = 10_000;
        var size = 300;
        var writers = 16;
        var reads = 10;
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--backend":
                    backends.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--blocks":
                    blocks = Positive(args[i], value);
                    break;
                case "--size":
                    size = Positive(args[i], value);
                    break;
                case "--writers":
                    writers = Positive(args[i], value);
                    break;
                case "--reads":
                    reads = Positive(args[i], value);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. Usage: {Usage}");
            }
        }

        foreach (var backend in backends)
        {
            if (!Known.Contains(backend, StringComparer.Ordinal))
                throw new ArgumentException($"unknown backend '{backend}'. Usage: {Usage}");
        }

        return new BlocksLoadOptions(backends.Count > 0 ? backends : ["sqlite", "postgres"], blocks, size, writers, reads);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'");
}
