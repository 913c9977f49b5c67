using System.Globalization;

namespace GrainChain.Benchmarks.Network;

/// <summary>
/// The network load program's command line. <see cref="PollPeriod"/> and <see cref="Queues"/> override the
/// announcement streams' pulling-agent period and queue count (null: Orleans' defaults, 100 ms and 8 queues), to
/// compare propagation with other stream settings. <see cref="PollPause"/> is this program's own pause between two
/// polls of every node's tip: shorter measures arrivals more finely, longer loads the silos less.
/// </summary>
public sealed record NetworkLoadOptions(
    int Nodes,
    int Peers,
    int Blocks,
    int Silos,
    int Seed,
    int Catchup,
    TimeSpan? PollPeriod,
    int? Queues,
    TimeSpan PollPause,
    TimeSpan RoundDeadline,
    TimeSpan Budget)
{
    public const string Usage =
        "network [--nodes N (100)] [--peers K (8)] [--blocks B (20)] [--silos S (3)] [--seed X (1)] [--catchup BLOCKS (0 = skip)] " +
        "[--poll-ms MS (Orleans' 100)] [--queues Q (Orleans' 8)] [--poll-pause-ms MS (20)] [--round-deadline-s S (60)] [--budget-s S (300)]";

    public static NetworkLoadOptions Parse(IReadOnlyList<string> args)
    {
        var nodes = 100;
        var peers = 8;
        var blocks = 20;
        var silos = 3;
        var seed = 1;
        var catchup = 0;
        TimeSpan? pollPeriod = null;
        int? queues = null;
        var pollPause = 20;
        var roundDeadline = 60;
        var budget = 300;
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--nodes":
                    nodes = Whole(args[i], value, 2);
                    break;
                case "--peers":
                    peers = Whole(args[i], value, 1);
                    break;
                case "--blocks":
                    blocks = Whole(args[i], value, 0);
                    break;
                case "--silos":
                    silos = Whole(args[i], value, 1);
                    break;
                case "--seed":
                    seed = Whole(args[i], value, 0);
                    break;
                case "--catchup":
                    catchup = Whole(args[i], value, 0);
                    break;
                case "--poll-ms":
                    pollPeriod = TimeSpan.FromMilliseconds(Whole(args[i], value, 1));
                    break;
                case "--queues":
                    queues = Whole(args[i], value, 1);
                    break;
                case "--poll-pause-ms":
                    pollPause = Whole(args[i], value, 0);
                    break;
                case "--round-deadline-s":
                    roundDeadline = Whole(args[i], value, 1);
                    break;
                case "--budget-s":
                    budget = Whole(args[i], value, 1);
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'. Usage: {Usage}");
            }
        }

        if (peers >= nodes)
            throw new ArgumentException($"--peers {peers} needs more than {peers} nodes: a node's peers are distinct others");
        if (silos > short.MaxValue)
            throw new ArgumentException($"--silos must be at most {short.MaxValue}");
        return new NetworkLoadOptions(nodes, peers, blocks, silos, seed, catchup, pollPeriod, queues,
            TimeSpan.FromMilliseconds(pollPause), TimeSpan.FromSeconds(roundDeadline), TimeSpan.FromSeconds(budget));
    }

    private static int Whole(string name, string value, int min) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new ArgumentException($"{name} must be a whole number of at least {min}, not '{value}'");
}
