using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GrainChain.Cli.Tests.EndToEnd;

/// <summary>
/// One real <c>grainchain-silo</c> process started from a shipped <c>silo-config</c> file, with its ports and SQLite
/// path overridden on the command line (<c>--GrainChain:Key=value</c>, the silo's top configuration layer). Its output
/// goes to a log file; <see cref="Kill"/> is SIGKILL, so the silo says no goodbye to the cluster.
/// </summary>
internal sealed class ConfigSilo : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();

    private ConfigSilo(string name, Process process, StreamWriter log, string logPath, int siloPort, int gatewayPort, int httpPort)
    {
        Name = name;
        _process = process;
        _log = log;
        LogPath = logPath;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        HttpPort = httpPort;
    }

    public string Name { get; }

    public string LogPath { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public int HttpPort { get; }

    public int Pid => _process.Id;

    public bool Killed { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet DLL --config CONFIG --GrainChain:SiloPort=… …</c> in <paramref name="workingDirectory"/>.</summary>
    public static ConfigSilo Start(string name, string dll, string config, string databasePath, string workingDirectory,
        int siloPort, int gatewayPort, int httpPort)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.ArgumentList.Add(Setting("SiloPort", siloPort));
        start.ArgumentList.Add(Setting("GatewayPort", gatewayPort));
        start.ArgumentList.Add(Setting("HttpPort", httpPort));
        start.ArgumentList.Add($"--GrainChain:Sqlite:Path={databasePath}");
        // The grains' own log lines (placement, recovery) help when a run fails; Orleans' own stay at warnings.
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var logPath = Path.Combine(workingDirectory, $"{name}.log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var silo = new ConfigSilo(name, process, log, logPath, siloPort, gatewayPort, httpPort);
        process.OutputDataReceived += (_, e) => silo.Write(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    private static string Setting(string key, int value) => $"--GrainChain:{key}={value.ToString(CultureInfo.InvariantCulture)}";

    // The dotnet CLI tells the programs it runs where it is; else the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the test let go of the process.
            }
        }
    }

    /// <summary>Waits until GET /health answers 200, failing at once with the log if the process exits first.</summary>
    public async Task WaitHealthyAsync(TimeSpan deadline)
    {
        var url = new Uri($"http://127.0.0.1:{HttpPort.ToString(CultureInfo.InvariantCulture)}/health");
        using var timeout = new CancellationTokenSource(deadline);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was healthy:\n{Tail()}");
            try
            {
                using var response = await Http.GetAsync(url, timeout.Token);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }

            try
            {
                await pace.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Name} was not healthy at {url} within {deadline.TotalSeconds:0} s:\n{Tail()}");
            }
        }
    }

    /// <summary>SIGKILL (Process.Kill on Linux), then waits for the process to be gone.</summary>
    public void Kill()
    {
        Killed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>The last lines of the silo's log.</summary>
    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var all = reader.ReadToEnd().Split('\n');
                return string.Join('\n', all.TakeLast(lines).Select(l => $"  {Name}| {l.TrimEnd('\r')}"));
            }
            catch (IOException e)
            {
                return $"  {Name}| (no log: {e.Message})";
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        lock (_gate) _log.Dispose();
    }
}
