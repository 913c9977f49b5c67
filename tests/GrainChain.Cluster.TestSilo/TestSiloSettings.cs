using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GrainChain.Cluster.TestSilo;

/// <summary>
/// What one test silo process needs: its cluster, the two shared SQLite files, and failure-detection timings. Read
/// from <c>--name value</c> arguments, each falling back to environment variable <c>GRAINCHAIN_TESTSILO_NAME</c>
/// (upper case, dashes as underscores). The test builds the arguments with <see cref="ToArguments"/>.
/// </summary>
public sealed record TestSiloSettings
{
    public const string EnvironmentPrefix = "GRAINCHAIN_TESTSILO_";

    public required string ClusterId { get; init; }

    /// <summary>The SQLite membership table every silo of the cluster shares.</summary>
    public required string MembershipFile { get; init; }

    /// <summary>The SQLite grain-state file every silo of the cluster shares.</summary>
    public required string StateFile { get; init; }

    /// <summary>A name for logs; defaults to <c>silo-{process id}</c>.</summary>
    public string? SiloName { get; init; }

    public TimeSpan ProbePeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int MissedProbesLimit { get; init; } = 3;

    public TimeSpan TableRefreshPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a call made by a grain waits for its answer.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Stop gracefully when standard input reaches its end (the parent closed the pipe or died).</summary>
    public bool StopOnStdinClose { get; init; } = true;

    public const string Usage =
        "usage: GrainChain.Cluster.TestSilo --cluster-id ID --membership-file PATH --state-file PATH [--silo-name NAME]\n" +
        "       [--probe-period-ms N] [--probe-timeout-ms N] [--missed-probes N] [--table-refresh-ms N]\n" +
        "       [--response-timeout-ms N] [--log-level Trace|Debug|Information|Warning|Error] [--stop-on-stdin-close true|false]\n" +
        "Each option falls back to environment variable " + EnvironmentPrefix + "<OPTION> (e.g. " + EnvironmentPrefix + "CLUSTER_ID).\n" +
        "Prints 'READY <silo address>' on standard output once the silo is Active; logs go to standard error.";

    private static readonly string[] Names =
    [
        "cluster-id", "membership-file", "state-file", "silo-name", "probe-period-ms", "probe-timeout-ms", "missed-probes",
        "table-refresh-ms", "response-timeout-ms", "log-level", "stop-on-stdin-close",
    ];

    /// <summary>The command line that makes a test silo with these settings.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string>
        {
            "--cluster-id", ClusterId,
            "--membership-file", MembershipFile,
            "--state-file", StateFile,
            "--probe-period-ms", Milliseconds(ProbePeriod),
            "--probe-timeout-ms", Milliseconds(ProbeTimeout),
            "--missed-probes", MissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            "--table-refresh-ms", Milliseconds(TableRefreshPeriod),
            "--response-timeout-ms", Milliseconds(ResponseTimeout),
            "--log-level", LogLevel.ToString(),
            "--stop-on-stdin-close", StopOnStdinClose ? "true" : "false",
        };
        if (SiloName is not null)
        {
            arguments.AddRange(["--silo-name", SiloName]);
        }
        return arguments;
    }

    /// <summary>Reads the settings; throws <see cref="ArgumentException"/> naming every problem at once.</summary>
    public static TestSiloSettings Parse(IReadOnlyList<string> arguments, Func<string, string?> environment)
    {
        var problems = new List<string>();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || !Names.Contains(argument[2..]))
            {
                problems.Add($"unknown argument '{argument}'");
                if (argument.StartsWith("--", StringComparison.Ordinal) && i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++; // Its value, so that one mistake is reported once.
                }
                continue;
            }
            if (i + 1 >= arguments.Count)
            {
                problems.Add($"{argument} needs a value");
                break;
            }
            if (!given.TryAdd(argument[2..], arguments[++i]))
            {
                problems.Add($"{argument} is given twice");
            }
        }

        string? Value(string name) =>
            given.TryGetValue(name, out var value) ? value : environment(EnvironmentPrefix + name.Replace('-', '_').ToUpperInvariant());

        string Required(string name)
        {
            var value = Value(name);
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"--{name} is required");
                return "";
            }
            return value;
        }

        TimeSpan Interval(string name, TimeSpan fallback) =>
            TimeSpan.FromMilliseconds(Number(name, (long)fallback.TotalMilliseconds, 1, 3_600_000));

        long Number(string name, long fallback, long min, long max)
        {
            var text = Value(name);
            if (text is null)
            {
                return fallback;
            }
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                problems.Add($"--{name} '{text}' must be a whole number from {min} to {max}");
                return fallback;
            }
            return value;
        }

        var defaults = new TestSiloSettings { ClusterId = "", MembershipFile = "", StateFile = "" };
        var logLevel = defaults.LogLevel;
        if (Value("log-level") is { } levelText && !Enum.TryParse(levelText, ignoreCase: true, out logLevel))
        {
            problems.Add($"--log-level '{levelText}' is not a log level");
        }
        var stopOnStdinClose = defaults.StopOnStdinClose;
        if (Value("stop-on-stdin-close") is { } stopText && !bool.TryParse(stopText, out stopOnStdinClose))
        {
            problems.Add($"--stop-on-stdin-close '{stopText}' must be true or false");
        }

        var settings = new TestSiloSettings
        {
            ClusterId = Required("cluster-id"),
            MembershipFile = Required("membership-file"),
            StateFile = Required("state-file"),
            SiloName = Value("silo-name"),
            ProbePeriod = Interval("probe-period-ms", defaults.ProbePeriod),
            ProbeTimeout = Interval("probe-timeout-ms", defaults.ProbeTimeout),
            MissedProbesLimit = (int)Number("missed-probes", defaults.MissedProbesLimit, 1, 1000),
            TableRefreshPeriod = Interval("table-refresh-ms", defaults.TableRefreshPeriod),
            ResponseTimeout = Interval("response-timeout-ms", defaults.ResponseTimeout),
            LogLevel = logLevel,
            StopOnStdinClose = stopOnStdinClose,
        };
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems));
        }
        return settings;
    }

    private static string Milliseconds(TimeSpan value) => ((long)value.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
