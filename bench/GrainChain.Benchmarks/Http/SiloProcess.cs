using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// A <c>grainchain-silo</c> process of its own for one load run: the built dll run by <c>dotnet</c>, on three free
/// loopback ports, with its database (SQLite) in a temporary folder that is deleted afterwards unless kept. Its
/// console goes to <c>silo.log</c> in that folder.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly bool _keep;

    private SiloProcess(Process process, StreamWriter log, string folder, Uri url, bool keep)
    {
        _process = process;
        _log = log;
        Folder = folder;
        Url = url;
        _keep = keep;
    }

    public Uri Url { get; }

    public string Folder { get; }

    public int ProcessId => _process.Id;

    public static async Task<SiloProcess> StartAsync(string? dll, string backend, bool keep, TimeSpan timeout)
    {
        dll ??= FindSiloDll();
        if (!File.Exists(dll)) throw new FileNotFoundException($"grainchain-silo.dll is not at {dll}: build the solution in Release first, or pass --silo-dll", dll);
        var folder = Path.Combine(Path.GetTempPath(), $"grainchain-http-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var (siloPort, gatewayPort, httpPort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var setting in new[]
                 {
                     $"GrainChain:Backend={(backend == "memory" ? "Memory" : "Sqlite")}",
                     $"GrainChain:Sqlite:Path={Path.Combine(folder, "grainchain.db")}",
                     $"GrainChain:ClusterId=http-bench-{Environment.ProcessId}",
                     $"GrainChain:SiloPort={siloPort}",
                     $"GrainChain:GatewayPort={gatewayPort}",
                     $"GrainChain:HttpPort={httpPort}",
                     "GrainChain:AdvertisedAddress=127.0.0.1",
                     // The console logger costs CPU the load would otherwise get; warnings and errors still show.
                     "Logging:LogLevel:Default=Warning",
                     "Logging:LogLevel:GrainChain=Warning",
                 })
        {
            start.ArgumentList.Add($"--{setting}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(Path.Combine(folder, "silo.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var silo = new SiloProcess(process, log, folder, new Uri($"http://127.0.0.1:{httpPort}"), keep);
        try
        {
            await silo.WaitHealthyAsync(timeout);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log) log.WriteLine(line);
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"grainchain-silo exited with code {_process.ExitCode}; see {Path.Combine(Folder, "silo.log")}");
            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/health"));
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"grainchain-silo was not healthy within {timeout.TotalSeconds:0} s; see {Path.Combine(Folder, "silo.log")}");
    }

    /// <summary>The Release build's dll, found from this program's folder up to the repository root.</summary>
    private static string FindSiloDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainChain.sln")))
                return Path.Combine(dir.FullName, "src", "GrainChain.Silo", "bin", "Release", "net10.0", "grainchain-silo.dll");
        }

        throw new FileNotFoundException("no GrainChain.sln above this program's folder: pass --silo-dll");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_log) _log.Dispose();
        if (_keep) Console.WriteLine($"silo data and log kept in {Folder}");
        else
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
