using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace GrainChain.Cli.Cluster.Local;

/// <summary>Starting silos detached from the console, finding them again by pid, stopping them, asking their health.</summary>
internal static class SiloProcesses
{
    private const int SigTerm = 15;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    /// <summary>
    /// Starts <c>dotnet DLL --config FILE</c> in <paramref name="workingDirectory"/> as a background process in its own
    /// session (so neither the console's exit nor a Ctrl-C in its terminal reaches it), standard output and error to
    /// the silo's log file; returns its pid.
    /// </summary>
    public static int StartDetached(LocalSilo silo, string dll, string workingDirectory)
    {
        if (OperatingSystem.IsWindows()) throw new LocalClusterException("grainchain up runs silos on Linux and macOS only");
        Directory.CreateDirectory(Path.GetDirectoryName(silo.LogPath)!);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in LocalRuntimeSettings)
            if (Environment.GetEnvironmentVariable(name) is null) start.Environment[name] = value;
        // $! of a background command is its pid; setsid (when present) execs in place, keeping that pid.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("log=\"$1\"; shift; \"$@\" >\"$log\" 2>&1 </dev/null & echo $!");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(silo.LogPath);
        foreach (var setsid in new[] { "/usr/bin/setsid", "/bin/setsid" })
        {
            if (!File.Exists(setsid)) continue;
            start.ArgumentList.Add(setsid);
            break;
        }
        start.ArgumentList.Add(DotnetHost());
        foreach (var argument in silo.Arguments(dll)) start.ArgumentList.Add(argument);

        using var shell = Process.Start(start) ?? throw new LocalClusterException("could not start /bin/sh");
        shell.StandardInput.Close();
        var printed = shell.StandardOutput.ReadToEnd();
        var problems = shell.StandardError.ReadToEnd();
        shell.WaitForExit();
        if (shell.ExitCode != 0 || !int.TryParse(printed.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            throw new LocalClusterException($"could not start {silo.Name}: {(problems.Trim().Length > 0 ? problems.Trim() : printed.Trim())}");
        AwaitExec(pid);
        return pid;
    }

    /// <summary>
    /// Waits (briefly) until the background process has become the silo: until then it is still the shell's fork or
    /// setsid, which <see cref="IsAlive"/> does not count as a silo, and a first look would take it for one that exited.
    /// </summary>
    private static void AwaitExec(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited || process.ProcessName is not ("sh" or "setsid")) return;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return;
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>
    /// .NET runtime settings for the silos of this machine's cluster, unless the environment sets them already: several
    /// silos share a few cores here, so workstation GC (the silo's own runtimeconfig asks for server GC, right for a
    /// silo with a machine to itself) and no tiered PGO (instrumented code is recompiled while the silo starts, for
    /// a throughput a local cluster does not need) — each saves CPU while the silos start.
    /// </summary>
    internal static readonly IReadOnlyList<(string Name, string Value)> LocalRuntimeSettings =
        [("DOTNET_gcServer", "0"), ("DOTNET_TieredPGO", "0")];

    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    /// <summary>Whether the pid is a live silo process (a dotnet host or a grainchain executable, not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited) return false;
            var name = process.ProcessName;
            if (name != "dotnet" && !name.StartsWith("grainchain", StringComparison.Ordinal)) return false;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }

        return !IsZombie(pid);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end >= 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM; false (with the reason) when the signal could not be delivered.</summary>
    public static bool Terminate(int pid, out string? error)
    {
        if (OperatingSystem.IsWindows())
        {
            error = "SIGTERM is not available on Windows";
            return false;
        }

        if (Kill(pid, SigTerm) == 0)
        {
            error = null;
            return true;
        }

        error = new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError()).Message;
        return false;
    }

    // DllImport, not LibraryImport: the project does not allow unsafe code, and these arguments need no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Hard stop, for a silo that did not leave within the bound.</summary>
    public static void ForceKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already.
        }
    }

    /// <summary>The pid in a pid file, or null when the file is missing or does not hold one.</summary>
    public static int? ReadPid(string pidPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidPath).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The pid in a pid file when that process is a live silo; null otherwise (no file, no pid, a stale one).</summary>
    public static int? RunningPid(string pidPath) => ReadPid(pidPath) is { } pid && IsAlive(pid) ? pid : null;

    /// <summary>GET /health: the status code and body, or the reason there was no answer.</summary>
    public static async Task<(bool Healthy, string Answer)> ProbeAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            var body = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        }
        catch (HttpRequestException e)
        {
            return (false, $"no answer ({e.HttpRequestError switch { HttpRequestError.ConnectionError => "connection refused", _ => e.Message }})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, "no answer within 1 s");
        }
    }

    /// <summary>
    /// Why a silo stopped, from its log: its own last <c>grainchain-silo: …</c> line (what it prints before exit code 1
    /// or 2), else the message under the first <c>fail:</c> or <c>crit:</c> entry; null when there is neither.
    /// </summary>
    public static string? Reason(string path)
    {
        string[] lines;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            lines = reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        const string own = "grainchain-silo: ";
        if (lines.LastOrDefault(l => l.StartsWith(own, StringComparison.Ordinal)) is { } line) return line[own.Length..].Trim();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("fail: ", StringComparison.Ordinal) && !lines[i].StartsWith("crit: ", StringComparison.Ordinal)) continue;
            var message = lines.Skip(i + 1).TakeWhile(l => l.StartsWith(' ')).Select(l => l.Trim())
                .FirstOrDefault(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal));
            if (message is not null) return message;
        }

        return null;
    }

    /// <summary>The last lines of a log file that may still be written to.</summary>
    public static string Tail(string path, int lines = 20)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var all = reader.ReadToEnd().Split('\n');
            var kept = all.Reverse().SkipWhile(string.IsNullOrWhiteSpace).Take(lines).Reverse();
            return string.Join(Environment.NewLine, kept.Select(l => "    " + l.TrimEnd('\r')));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"    (cannot read {path}: {e.Message})";
        }
    }
}
