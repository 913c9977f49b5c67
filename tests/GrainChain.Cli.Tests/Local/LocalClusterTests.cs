using GrainChain.Cli.Cluster.Local;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Cli.Tests.Local;

public sealed class LocalClusterTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("grainchain-cli-local-").FullName;

    private string Config(string name, string json)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, "silo-config")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private string State(string name) => Path.Combine(_root, "data", "local", name);

    [Fact]
    public void The_cluster_plan_takes_each_local_config_with_its_http_port_and_files_under_data_local()
    {
        var first = Config("local-1.json", """{ "GrainChain": { "HttpPort": 9101, "AdvertisedAddress": "127.0.0.1" } }""");
        var second = Config("local-2.json", """
            // comments and trailing commas are allowed, as in the silo's configuration
            { "grainchain": { "httpPort": "9102", "HttpAddress": "0.0.0.0", }, }
            """);
        Config("local-4.json", "{}"); // not after a gap
        Config("single.json", "{}");

        var plan = LocalSilo.Plan(_root, single: false);

        Assert.Equal(["silo-1", "silo-2"], plan.Select(s => s.Name));
        Assert.Equal(new Uri("http://127.0.0.1:9101/health"), plan[0].HealthUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9102/health"), plan[1].HealthUrl);
        Assert.Equal(State("silo-2.log"), plan[1].LogPath);
        Assert.Equal(State("silo-2.pid"), plan[1].PidPath);
        var dll = Path.Combine(_root, "silo", "grainchain-silo.dll");
        Assert.Equal([dll, "--config", first], plan[0].Arguments(dll));
        Assert.Equal([dll, "--config", second], plan[1].Arguments(dll));
    }

    [Fact]
    public void The_single_plan_is_single_json_with_the_default_http_port()
    {
        var single = Config("single.json", """{ "GrainChain": { "HttpAddress": "10.1.2.3" } }""");
        Config("local-1.json", "{}");

        var plan = Assert.Single(LocalSilo.Plan(_root, single: true));

        Assert.Equal("single", plan.Name);
        Assert.Equal(single, plan.ConfigPath);
        Assert.Equal(new Uri("http://10.1.2.3:8080/health"), plan.HealthUrl);
        Assert.Equal(State("single.pid"), plan.PidPath);
    }

    [Fact]
    public void The_repository_configs_are_three_silos_on_8081_to_8083()
    {
        var plan = LocalSilo.Plan(RepositoryRoot(), single: false);

        Assert.Equal(["http://127.0.0.1:8081/health", "http://127.0.0.1:8082/health", "http://127.0.0.1:8083/health"],
            plan.Select(s => s.HealthUrl.ToString()));
        Assert.Equal("http://127.0.0.1:8080/health", Assert.Single(LocalSilo.Plan(RepositoryRoot(), single: true)).HealthUrl.ToString());
    }

    [Fact]
    public void The_given_dll_wins_and_otherwise_the_published_silo_under_the_root_while_it_is_up_to_date()
    {
        var lib = Write("src/GrainChain.Lib/Chain.cs", "class Chain;");
        Write("src/GrainChain.Lib/GrainChain.Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Write("src/GrainChain.Lib/bin/Release/old.dll", "");
        Write($"{LocalSilo.SiloProject}/GrainChain.Silo.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup><ProjectReference Include="..\GrainChain.Lib\GrainChain.Lib.csproj" /></ItemGroup>
            </Project>
            """);
        var props = Write("Directory.Build.props", "<Project />");
        Write("src/GrainChain.Cli/Program.cs", "// not an input of the silo");

        Assert.Equal($"no {SiloPublish.DllPath} yet", SiloPublish.WhyPublish(_root));
        Assert.Null(LocalSilo.FindDll(_root, null));
        Assert.Equal(Path.GetFullPath("x/y.dll"), LocalSilo.FindDll(_root, "x/y.dll"));

        var published = Write(SiloPublish.DllPath, "");
        Assert.Equal($"no {SiloPublish.DllPath} yet", SiloPublish.WhyPublish(_root)); // no stamp: that publish did not finish
        var stamp = Write($"{SiloPublish.Folder}/{SiloPublish.StampName}", "");
        var sources = SiloPublish.Inputs(_root).Select(f => Path.GetRelativePath(_root, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Directory.Build.props", "src/GrainChain.Lib/Chain.cs", "src/GrainChain.Lib/GrainChain.Lib.csproj", "src/GrainChain.Silo/GrainChain.Silo.csproj"], sources);

        var now = DateTime.UtcNow;
        foreach (var file in SiloPublish.Inputs(_root)) File.SetLastWriteTimeUtc(file, now.AddMinutes(-5));
        File.SetLastWriteTimeUtc(stamp, now.AddMinutes(-1));
        Assert.Null(SiloPublish.WhyPublish(_root));
        Assert.Equal(published, LocalSilo.FindDll(_root, null));

        File.SetLastWriteTimeUtc(lib, now); // a referenced project's source edited after the publish began
        Assert.Equal("src/GrainChain.Lib/Chain.cs changed since the silo was published", SiloPublish.WhyPublish(_root));
        Assert.Null(LocalSilo.FindDll(_root, null));

        File.SetLastWriteTimeUtc(lib, now.AddMinutes(-5));
        File.SetLastWriteTimeUtc(props, now);
        Assert.Equal("Directory.Build.props changed since the silo was published", SiloPublish.WhyPublish(_root));
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_publish_is_ready_to_run_for_this_machine_into_the_folder_up_runs_from()
    {
        Assert.Matches("^(linux|linux-musl|osx|win)-[a-z0-9]+$", SiloPublish.RuntimeIdentifier);
        var arguments = SiloPublish.PublishArguments();
        Assert.Equal(["publish", LocalSilo.SiloProject, "-c", "Release", "-r", SiloPublish.RuntimeIdentifier], arguments.Take(6));
        Assert.Contains("-p:PublishReadyToRun=true", arguments);
        Assert.Equal(SiloPublish.Folder, arguments[arguments.ToList().IndexOf("-o") + 1]);
        Assert.Equal($"{SiloPublish.Folder}/{LocalSilo.DllName}", SiloPublish.DllPath);
    }

    [Fact]
    public async Task Up_outside_a_repository_says_where_the_configs_are_expected()
    {
        var (exitCode, _, errors) = await CliRunner.RunAsync("up", "--root", _root);

        Assert.Equal(1, exitCode);
        Assert.Contains("no silo-config/local-1.json", errors);
        Assert.Contains("run from the repository root", errors);
    }

    [Fact]
    public async Task Up_with_a_missing_silo_dll_names_it()
    {
        Config("single.json", """{ "GrainChain": { "HttpPort": 9100 } }""");
        var missing = Path.Combine(_root, "nowhere", "grainchain-silo.dll");

        var (exitCode, _, errors) = await CliRunner.RunAsync("up", "--single", "--root", _root, "--silo", missing);

        Assert.Equal(1, exitCode);
        Assert.Contains($"no silo at {missing}", errors);
        Assert.False(File.Exists(State("single.pid")));
    }

    [Fact]
    public async Task Up_refuses_while_the_other_layout_is_running_on_the_same_ports()
    {
        Config("local-1.json", """{ "GrainChain": { "HttpPort": 9101 } }""");
        Config("single.json", """{ "GrainChain": { "HttpPort": 9100 } }""");
        Directory.CreateDirectory(LocalSilo.StateDirectory(_root));
        // A live dotnet process stands for the single silo: this test's own.
        await File.WriteAllTextAsync(State("single.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(SiloProcesses.IsAlive(Environment.ProcessId), "the test host is a dotnet process");

        var (exitCode, output, errors) = await CliRunner.RunAsync("up", "--root", _root, "--silo", Path.Combine(_root, "unused.dll"));

        Assert.Equal(1, exitCode);
        Assert.Contains($"single is running (pid {Environment.ProcessId}", errors);
        Assert.Contains("`grainchain down` stops it", errors);
        Assert.DoesNotContain("started", output);
        Assert.False(File.Exists(State("silo-1.pid")));
    }

    [Fact]
    public async Task Up_without_a_silo_dll_or_project_to_build_says_so()
    {
        Config("single.json", "{}");

        var (exitCode, _, errors) = await CliRunner.RunAsync("up", "--single", "--root", _root);

        Assert.Equal(1, exitCode);
        Assert.Contains("give --silo PATH", errors);
    }

    [Fact]
    public async Task When_the_ready_to_run_publish_fails_up_falls_back_to_the_plain_build()
    {
        // A stand-in silo project that builds but refuses a ReadyToRun publish (as when its compiler cannot be restored).
        var project = Directory.CreateDirectory(Path.Combine(_root, LocalSilo.SiloProject)).FullName;
        await File.WriteAllTextAsync(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(_root, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(project, "GrainChain.Silo.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <AssemblyName>grainchain-silo</AssemblyName>
              </PropertyGroup>
              <Target Name="NoReadyToRunHere" BeforeTargets="Build" Condition="'$(PublishReadyToRun)' == 'true'">
                <Error Text="no ReadyToRun compiler here" />
              </Target>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), "return 0;");
        var (output, errors) = (new StringWriter(), new StringWriter());

        var published = await SiloPublish.PublishAsync(_root, "test", output, errors, CancellationToken.None);
        var built = await SiloPublish.BuildAsync(_root, output, errors, CancellationToken.None);

        Assert.False(published);
        Assert.Contains("no ReadyToRun compiler here", errors.ToString());
        Assert.True(built, errors.ToString());
        Assert.Contains("building the silo without ReadyToRun instead", output.ToString());
        Assert.True(File.Exists(Path.Combine(_root, LocalSilo.BuiltDllPath)));
        Assert.Null(LocalSilo.FindDll(_root, null)); // no stamp: the next up tries the publish again
    }

    [Fact]
    public async Task Down_with_nothing_started_says_there_is_nothing_to_stop()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("down", "--root", _root);

        Assert.Equal(0, exitCode);
        Assert.Contains("nothing to stop", output);
    }

    [Fact]
    public async Task Down_removes_stale_and_unreadable_pid_files_and_says_which()
    {
        Directory.CreateDirectory(State(""));
        File.WriteAllText(State("silo-1.pid"), "2000000000\n"); // above any pid_max
        File.WriteAllText(State("silo-2.pid"), "not a pid");

        var (exitCode, output, errors) = await CliRunner.RunAsync("down", "--root", _root);

        Assert.Equal(0, exitCode);
        Assert.Equal("", errors);
        Assert.Contains("silo-1: not running (stale pid file, pid 2000000000); removed", output);
        Assert.Contains("silo-2: data/local/silo-2.pid holds no pid; removed", output);
        Assert.Empty(Directory.GetFiles(State(""), "*.pid"));
    }

    [Fact]
    public async Task Status_shows_a_stale_pid_and_no_health_answer()
    {
        Config("local-1.json", $$"""{ "GrainChain": { "HttpPort": {{FreePorts.Next()}} } }""");
        Directory.CreateDirectory(State(""));
        File.WriteAllText(State("silo-1.pid"), "2000000000");

        var (exitCode, output, _) = await CliRunner.RunAsync("status", "--root", _root);

        Assert.Equal(1, exitCode);
        Assert.Contains("pid 2000000000 NOT running (stale)", output);
        Assert.Contains("no answer", output);
    }

    /// <summary>A real silo from the Release build: up --single on free ports, status, down.</summary>
    [Fact]
    public async Task Up_single_starts_a_healthy_silo_and_down_stops_it()
    {
        var dll = Path.Combine(RepositoryRoot(), LocalSilo.BuiltDllPath);
        Assert.True(File.Exists(dll), $"build the silo first (dotnet build GrainChain.sln -c Release): no {dll}");
        var http = FreePorts.Next();
        Config("single.json", $$"""
            {
              "GrainChain": {
                "Backend": "Sqlite",
                "ClusterId": "cli-local-{{Guid.NewGuid():N}}",
                "AdvertisedAddress": "127.0.0.1",
                "SiloPort": {{FreePorts.Next()}},
                "GatewayPort": {{FreePorts.Next()}},
                "HttpPort": {{http}},
                "ShutdownTimeout": "00:00:05",
                "Sqlite": { "Path": "data/single/grainchain.db" }
              }
            }
            """);
        try
        {
            var up = await CliRunner.RunAsync("up", "--single", "--root", _root, "--silo", dll, "--timeout", "30");
            Assert.True(up.ExitCode == 0, up.Output + up.Errors);
            Assert.Contains($"healthy single http://127.0.0.1:{http}/health", up.Output);
            Assert.Contains("up: 1 silo(s) healthy in", up.Output);
            Assert.True(File.Exists(Path.Combine(_root, "data", "single", "grainchain.db")), "the silo runs in the root");

            var status = await CliRunner.RunAsync("status", "--single", "--root", _root);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("""200 {"status":"ok""", status.Output);

            var again = await CliRunner.RunAsync("up", "--single", "--root", _root, "--silo", dll);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("single is already running", again.Errors);

            var down = await CliRunner.RunAsync("down", "--root", _root, "--timeout", "15");
            Assert.True(down.ExitCode == 0, down.Output + down.Errors);
            Assert.Contains("single: stopped after", down.Output);
            Assert.False(File.Exists(State("single.pid")));
            Assert.Contains("HTTP listening on", File.ReadAllText(State("single.log")));
        }
        finally
        {
            if (SiloProcesses.ReadPid(State("single.pid")) is { } pid) SiloProcesses.ForceKill(pid);
        }
    }

    /// <summary>One silo starts, the other exits at once (a bad setting): up fails and stops the one it started.</summary>
    [Fact]
    public async Task A_failed_up_stops_the_silos_it_started()
    {
        var dll = Path.Combine(RepositoryRoot(), LocalSilo.BuiltDllPath);
        Assert.True(File.Exists(dll), $"build the silo first (dotnet build GrainChain.sln -c Release): no {dll}");
        Config("local-1.json", $$"""
            {
              "GrainChain": {
                "Backend": "Sqlite",
                "ClusterId": "cli-local-{{Guid.NewGuid():N}}",
                "AdvertisedAddress": "127.0.0.1",
                "SiloPort": {{FreePorts.Next()}},
                "GatewayPort": {{FreePorts.Next()}},
                "HttpPort": {{FreePorts.Next()}},
                "ShutdownTimeout": "00:00:05",
                "Sqlite": { "Path": "data/local/grainchain.db" }
              }
            }
            """);
        var port = FreePorts.Next();
        Config("local-2.json", $$"""{ "GrainChain": { "Backend": "Memory", "SiloPort": {{port}}, "HttpPort": {{port}} } }""");
        try
        {
            var up = await CliRunner.RunAsync("up", "--root", _root, "--silo", dll, "--timeout", "60");

            Assert.True(up.ExitCode == 1, up.Output + up.Errors);
            Assert.Matches(@"error: silo-2 \(pid \d+\) exited before it answered /health: invalid configuration: GrainChain:HttpPort must differ", up.Errors);
            Assert.Contains("stopping the silos it started: silo-1", up.Errors);
            Assert.Contains("silo-1: SIGTERM sent to pid", up.Output);
            Assert.Empty(Directory.GetFiles(State(""), "*.pid"));
            var pid = int.Parse(System.Text.RegularExpressions.Regex.Match(up.Output, @"started silo-1 \(pid (\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(SiloProcesses.IsAlive(pid), up.Output + up.Errors);

            var status = await CliRunner.RunAsync("status", "--root", _root);
            Assert.Equal(1, status.ExitCode);
            Assert.Contains("no pid file", status.Output);
        }
        finally
        {
            foreach (var file in Directory.Exists(State("")) ? Directory.GetFiles(State(""), "*.pid") : [])
                if (SiloProcesses.ReadPid(file) is { } pid) SiloProcesses.ForceKill(pid);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GrainChain.sln"))) return folder.FullName;
        throw new InvalidOperationException("the tests run under the repository");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A log still held open; the temp folder is cleaned up later.
        }
    }
}

public sealed class SiloLogTests : IDisposable
{
    private readonly string _log = Path.Combine(Directory.CreateTempSubdirectory("grainchain-cli-log-").FullName, "silo-2.log");

    [Fact]
    public void The_reason_is_the_silos_own_last_line_before_it_exited()
    {
        File.WriteAllLines(_log,
        [
            "fail: Microsoft.Extensions.Hosting.Internal.Host[11]",
            "      Hosting failed to start",
            "      System.IO.IOException: Failed to bind to address http://127.0.0.1:8082: address already in use.",
            "grainchain-silo: could not start: Failed to bind to address http://127.0.0.1:8082: address already in use.",
            "warn: Orleans.Runtime.Silo[100418]",
            "      Silo shutdown completed (non-graceful).",
        ]);

        Assert.Equal("could not start: Failed to bind to address http://127.0.0.1:8082: address already in use.", SiloProcesses.Reason(_log));
        Assert.EndsWith("Silo shutdown completed (non-graceful).", SiloProcesses.Tail(_log, 2));
    }

    [Fact]
    public void Without_its_own_line_the_reason_is_the_first_failure_message()
    {
        File.WriteAllLines(_log, ["info: x[0]", "      started", "crit: y[1]", "      at Somewhere()", "      the database is newer than this silo"]);

        Assert.Equal("the database is newer than this silo", SiloProcesses.Reason(_log));
    }

    [Fact]
    public void A_missing_log_has_no_reason() => Assert.Null(SiloProcesses.Reason(_log + ".missing"));

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_log)!, recursive: true);
}
