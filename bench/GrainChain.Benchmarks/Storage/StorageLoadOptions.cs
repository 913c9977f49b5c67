using System.Globalization;

namespace GrainChain.Benchmarks.Storage;

/// <summary>The storage load program's command line: <c>storage [--backend B]... [--seconds N] [--grains N]</c>.</summary>
public sealed record StorageLoadOptions(IReadOnlyList<string> Backends, int Seconds, int Grains)
{
    public static readonly string[] AllBackends = ["sqlite", "postgres", "memory"];

    public const string Usage =
        "storage [--backend sqlite|postgres|memory|sqlite-adonet|postgres-adonet]... [--seconds N (10)] [--grains N (100)]";

    public static StorageLoadOptions Parse(IReadOnlyList<string> args)
    {
        var backends = new List<string>();
        var seconds = 10;
        var grains = 100;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--backend":
                    backends.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--seconds":
                    seconds = Positive(args[i], value);
                    break;
                case "--grains":
                    grains = Positive(args[i], value);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. Usage: {Usage}");
            }

            i++;
        }

        foreach (var backend in backends)
        {
            if (!StorageLoadBackend.Known.Contains(backend))
                throw new ArgumentException($"unknown backend '{backend}'. Usage: {Usage}");
        }

        return new StorageLoadOptions(backends.Count > 0 ? backends : AllBackends, seconds, grains);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'");
}
