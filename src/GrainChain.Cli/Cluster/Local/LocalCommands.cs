using System.CommandLine;
using System.Diagnostics;
using System.Globalization;

namespace GrainChain.Cli.Cluster.Local;

/// <summary>
/// <c>grainchain up</c>, <c>down</c> and <c>status</c>: the silos of <c>silo-config/</c> as background processes of this
/// machine, with their logs and pid files in <c>data/local/</c>.
/// </summary>
internal static class LocalCommands
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static IEnumerable<Command> Create(TextWriter output, TextWriter errors)
    {
        yield return Up(output, errors);
        yield return Down(output, errors);
        yield return Status(output, errors);
    }

    private static Option<DirectoryInfo?> RootOption() =>
        new("--root") { Description = "The repository root holding silo-config/ and data/ (default: the current directory)." };

    private static Option<bool> SingleOption(string description) => new("--single") { Description = description };

    private static Option<int> TimeoutOption(int seconds, string description)
    {
        var option = new Option<int>("--timeout") { Description = description, DefaultValueFactory = _ => seconds };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600) result.AddError("--timeout must be between 1 and 3600 seconds");
        });
        return option;
    }

    private static string RootOf(DirectoryInfo? root) => Path.GetFullPath(root?.FullName ?? Directory.GetCurrentDirectory());

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path);

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s";

    private static Command Up(TextWriter output, TextWriter errors)
    {
        var single = SingleOption("Start the one silo of silo-config/single.json instead of the local-N.json cluster.");
        var silo = new Option<FileInfo?>("--silo") { Description = $"The grainchain-silo.dll to run (default: {SiloPublish.DllPath}, a ReadyToRun publish made again when missing or older than its sources)." };
        var root = RootOption();
        var timeout = TimeoutOption(60, "Seconds to wait for every silo to answer GET /health.");
        var up = new Command("up", "Start the local cluster's silos in the background and wait until each answers /health.") { single, silo, root, timeout };
        up.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await UpAsync(RootOf(parse.GetValue(root)), parse.GetValue(single), parse.GetValue(silo)?.FullName,
                    TimeSpan.FromSeconds(parse.GetValue(timeout)), output, errors, cancellationToken);
            }
            catch (LocalClusterException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return up;
    }

    internal static async Task<int> UpAsync(string root, bool single, string? givenDll, TimeSpan timeout, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var plan = LocalSilo.Plan(root, single);
        // The other layout's silos use the same ports (single.json's and local-1.json's): one layout at a time.
        var state = LocalSilo.StateDirectory(root);
        var others = Directory.Exists(state) ? Directory.GetFiles(state, "*.pid").Where(f => plan.All(s => s.PidPath != f)) : [];
        foreach (var file in others.Order(StringComparer.Ordinal))
        {
            if (SiloProcesses.RunningPid(file) is { } alive)
            {
                errors.WriteLine($"error: {Path.GetFileNameWithoutExtension(file)} is running (pid {alive}, {Relative(root, file)}) and shares this layout's ports; `grainchain down` stops it");
                return 1;
            }
        }

        foreach (var s in plan)
        {
            if (SiloProcesses.RunningPid(s.PidPath) is { } running)
            {
                errors.WriteLine($"error: {s.Name} is already running (pid {running}, {Relative(root, s.PidPath)}); `grainchain down` stops it");
                return 1;
            }

            if (File.Exists(s.PidPath))
            {
                File.Delete(s.PidPath);
                output.WriteLine($"removed stale {Relative(root, s.PidPath)}");
            }
        }

        var dll = LocalSilo.FindDll(root, givenDll);
        if (dll is null)
        {
            if (await SiloPublish.PublishAsync(root, SiloPublish.WhyPublish(root) ?? $"no {SiloPublish.DllPath} yet", output, errors, cancellationToken))
                dll = Path.GetFullPath(Path.Combine(root, SiloPublish.DllPath));
            else if (await SiloPublish.BuildAsync(root, output, errors, cancellationToken))
                dll = Path.GetFullPath(Path.Combine(root, LocalSilo.BuiltDllPath));
            else return 1;
        }
        else if (!File.Exists(dll))
        {
            errors.WriteLine($"error: no silo at {dll}");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var pids = new Dictionary<LocalSilo, int>();
        try
        {
            foreach (var s in plan)
            {
                var pid = SiloProcesses.StartDetached(s, dll, root);
                pids[s] = pid;
                await File.WriteAllTextAsync(s.PidPath, pid.ToString(CultureInfo.InvariantCulture) + "\n", CancellationToken.None);
                output.WriteLine($"started {s.Name} (pid {pid}), log {Relative(root, s.LogPath)}");
            }
        }
        catch (LocalClusterException)
        {
            await StopAsync([.. pids.Select(p => (p.Key.Name, File: p.Key.PidPath, Pid: p.Value))], StopAfterFailure, output, errors, CancellationToken.None);
            throw;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = clock.Elapsed + timeout;
        var waits = plan.Select(async s =>
        {
            var failure = await WaitHealthyAsync(s, pids[s], clock, deadline, output, stop.Token);
            if (failure is not null) await stop.CancelAsync(); // one failure ends the wait for the others
            return (Silo: s, Failure: failure);
        }).ToList();
        var results = await Task.WhenAll(waits);
        cancellationToken.ThrowIfCancellationRequested();

        var failed = results.Where(r => r.Failure is not null && r.Failure != Cancelled).ToList();
        if (failed.Count == 0)
        {
            output.WriteLine($"up: {plan.Count} silo(s) healthy in {Seconds(clock.Elapsed)}");
            return 0;
        }

        foreach (var (s, failure) in failed)
        {
            var reason = SiloProcesses.Reason(s.LogPath) is { } r ? $": {r}" : "";
            errors.WriteLine($"error: {s.Name} (pid {pids[s]}) {failure}{reason}");
            errors.WriteLine($"last lines of {Relative(root, s.LogPath)}:");
            errors.WriteLine(SiloProcesses.Tail(s.LogPath));
        }
        // A cluster that did not come up is not left half running: the silos this `up` started are stopped again.
        var started = plan.Where(s => SiloProcesses.IsAlive(pids[s])).Select(s => (s.Name, File: s.PidPath, Pid: pids[s])).ToList();
        foreach (var s in plan.Where(s => !SiloProcesses.IsAlive(pids[s]))) File.Delete(s.PidPath);
        if (started.Count > 0)
        {
            errors.WriteLine($"stopping the silos it started: {string.Join(", ", started.Select(s => s.Name))}");
            await StopAsync(started, StopAfterFailure, output, errors, CancellationToken.None);
        }

        return 1;
    }

    /// <summary>How long the silos of a failed <c>up</c> may take to leave after SIGTERM before they are killed.</summary>
    internal static readonly TimeSpan StopAfterFailure = TimeSpan.FromSeconds(15);

    private const string Cancelled = "cancelled";

    /// <summary>Null once the silo answers /health; else why it never did.</summary>
    private static async Task<string?> WaitHealthyAsync(LocalSilo silo, int pid, Stopwatch clock, TimeSpan deadline, TextWriter output, CancellationToken cancellationToken)
    {
        var last = "no answer yet";
        try
        {
            while (true)
            {
                var (healthy, answer) = await SiloProcesses.ProbeAsync(silo.HealthUrl, cancellationToken);
                if (healthy)
                {
                    lock (output) output.WriteLine($"healthy {silo.Name} {silo.HealthUrl} after {Seconds(clock.Elapsed)}");
                    return null;
                }

                last = answer;
                if (!SiloProcesses.IsAlive(pid)) return "exited before it answered /health";
                if (clock.Elapsed >= deadline) return $"did not answer {silo.HealthUrl} within {Seconds(deadline)} (last: {last})";
                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled;
        }
    }

    private static Command Down(TextWriter output, TextWriter errors)
    {
        var root = RootOption();
        var timeout = TimeoutOption(45, "Seconds each silo may take to leave after SIGTERM before it is killed.");
        var down = new Command("down", "Stop the silos `grainchain up` started (SIGTERM, then wait) and remove their pid files.") { root, timeout };
        down.SetAction((parse, cancellationToken) =>
            DownAsync(RootOf(parse.GetValue(root)), TimeSpan.FromSeconds(parse.GetValue(timeout)), output, errors, cancellationToken));
        return down;
    }

    internal static async Task<int> DownAsync(string root, TimeSpan timeout, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var state = LocalSilo.StateDirectory(root);
        var files = Directory.Exists(state) ? Directory.GetFiles(state, "*.pid").Order(StringComparer.Ordinal).ToList() : [];
        if (files.Count == 0)
        {
            output.WriteLine($"nothing to stop: no pid files in {Relative(root, state)}");
            return 0;
        }

        var stopping = new List<(string Name, string File, int Pid)>();
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var pid = SiloProcesses.ReadPid(file);
            if (pid is null)
            {
                File.Delete(file);
                output.WriteLine($"{name}: {Relative(root, file)} holds no pid; removed");
            }
            else if (!SiloProcesses.IsAlive(pid.Value))
            {
                File.Delete(file);
                output.WriteLine($"{name}: not running (stale pid file, pid {pid}); removed {Relative(root, file)}");
            }
            else
            {
                stopping.Add((name, file, pid.Value));
            }
        }

        return await StopAsync(stopping, timeout, output, errors, cancellationToken);
    }

    /// <summary>
    /// SIGTERM to each silo, then waits until each has exited, removing its pid file; a silo still running after
    /// <paramref name="timeout"/> is killed. 0 when every silo stopped by itself, else 1.
    /// </summary>
    private static async Task<int> StopAsync(List<(string Name, string File, int Pid)> silos, TimeSpan timeout, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var exitCode = 0;
        var stopping = new List<(string Name, string File, int Pid)>();
        foreach (var s in silos)
        {
            if (SiloProcesses.Terminate(s.Pid, out var error))
            {
                stopping.Add(s);
                output.WriteLine($"{s.Name}: SIGTERM sent to pid {s.Pid}");
            }
            else
            {
                errors.WriteLine($"error: {s.Name}: cannot signal pid {s.Pid}: {error}");
                exitCode = 1;
            }
        }

        var clock = Stopwatch.StartNew();
        while (stopping.Count > 0)
        {
            foreach (var s in stopping.Where(s => !SiloProcesses.IsAlive(s.Pid)).ToList())
            {
                File.Delete(s.File);
                stopping.Remove(s);
                output.WriteLine($"{s.Name}: stopped after {Seconds(clock.Elapsed)}");
            }

            if (stopping.Count == 0) break;
            if (clock.Elapsed >= timeout)
            {
                foreach (var s in stopping)
                {
                    SiloProcesses.ForceKill(s.Pid);
                    File.Delete(s.File);
                    errors.WriteLine($"error: {s.Name} (pid {s.Pid}) did not stop within {Seconds(timeout)}; killed");
                }
                return 1;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return exitCode;
    }

    private static Command Status(TextWriter output, TextWriter errors)
    {
        var single = SingleOption("Show the silo of silo-config/single.json instead of the local-N.json cluster.");
        var root = RootOption();
        var status = new Command("status", "For each configured local silo: its pid file's process and its GET /health answer.") { single, root };
        status.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await StatusAsync(RootOf(parse.GetValue(root)), parse.GetValue(single), output, cancellationToken);
            }
            catch (LocalClusterException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return status;
    }

    /// <summary>0 when every silo is running and healthy, else 1.</summary>
    internal static async Task<int> StatusAsync(string root, bool single, TextWriter output, CancellationToken cancellationToken)
    {
        var plan = LocalSilo.Plan(root, single);
        var probes = plan.Select(s => SiloProcesses.ProbeAsync(s.HealthUrl, cancellationToken)).ToList();
        var all = true;
        for (var i = 0; i < plan.Count; i++)
        {
            var s = plan[i];
            var pid = SiloProcesses.ReadPid(s.PidPath);
            var process = pid is null ? "no pid file"
                : SiloProcesses.IsAlive(pid.Value) ? $"pid {pid} running"
                : $"pid {pid} NOT running (stale)";
            var (healthy, answer) = await probes[i];
            all &= healthy && pid is { } p && SiloProcesses.IsAlive(p);
            output.WriteLine($"{s.Name,-8} {process,-28} {s.HealthUrl} {answer}");
        }

        return all ? 0 : 1;
    }
}
