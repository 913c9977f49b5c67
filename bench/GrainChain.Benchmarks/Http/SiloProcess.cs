using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// The grainchain-silo the http load program measures: the Release build started in a temporary folder with free
/// ports, its own SQLite file (or the memory backend) and its log in that folder, removed afterwards unless kept.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;
    private readonly bool _keep;

    private SiloProcess(ChildProcess child, string folder, Uri url, bool keep)
    {
        _child = child;
        Folder = folder;
        Url = url;
        _keep = keep;
    }

    public Uri Url { get; }

    public string Folder { get; }

    public int ProcessId => _child.Pid;

    public static async Task<SiloProcess> StartAsync(string? dll, string backend, bool keep, TimeSpan timeout)
    {
        dll ??= FindSiloDll();
        var folder = Path.Combine(Path.GetTempPath(), $"grainchain-http-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        var ports = FreePorts.Take(3);
        var child = ChildProcess.StartDotnet(dll,
            new[]
            {
                $"GrainChain:Backend={(backend == "memory" ? "Memory" : "Sqlite")}",
                $"GrainChain:Sqlite:Path={Path.Combine(folder, "grainchain.db")}",
                $"GrainChain:ClusterId=http-bench-{Environment.ProcessId}",
                $"GrainChain:SiloPort={ports[0]}",
                $"GrainChain:GatewayPort={ports[1]}",
                $"GrainChain:HttpPort={ports[2]}",
                "GrainChain:AdvertisedAddress=127.0.0.1",
                "Logging:LogLevel:Default=Warning",
                "Logging:LogLevel:GrainChain=Warning",
            }.Select(setting => "--" + setting),
            new ChildProcessOptions { WorkingDirectory = folder, LogPath = Path.Combine(folder, "silo.log"), RemoveInheritedPrefix = "GRAINCHAIN_" });
        var silo = new SiloProcess(child, folder, new Uri($"http://127.0.0.1:{ports[2]}"), keep);
        try
        {
            await child.WaitHealthyAsync(new Uri(silo.Url, "/health"), timeout);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    private static string FindSiloDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainChain.sln")))
                return Path.Combine(dir.FullName, "src", "GrainChain.Silo", "bin", "Release", "net10.0", "grainchain-silo.dll");
        }

        throw new FileNotFoundException("no GrainChain.sln above this program's folder: pass --silo-dll");
    }

    public async ValueTask DisposeAsync()
    {
        await _child.DisposeAsync();
        if (_keep) Console.WriteLine($"silo data and log kept in {Folder}");
        else
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still closing; the folder is under the temp directory.
            }
        }
    }
}
