using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using GrainChain.Hosting.TestSilo.Harness;

namespace GrainChain.Silo.Tests.Hosting;

/// <summary>The grainchain-silo executable as an operator runs it: exit codes, the HTTP health answer, SIGTERM.</summary>
public sealed class SiloProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _folder = Directory.CreateTempSubdirectory("grainchain-silo-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing; the folder is under the temp directory.
        }
    }

    private static string Port() => FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(int ExitCode, string Output)> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var silo = SiloHostProcess.Start(arguments, environment);
        var exitCode = await silo.ExitAsync(Deadline);
        output.WriteLine(silo.Output);
        return (exitCode, silo.Output);
    }

    [Theory]
    [InlineData("--GrainChain:SiloPort=99999", "GrainChain:SiloPort")]
    [InlineData("--GrainChain:HttpPort=70000", "GrainChain:HttpPort")]
    [InlineData("--GrainChain:Backend=Oracle", "GrainChain:Backend")]
    [InlineData("--GrainChain:Peers:RequestTimeout=never", "GrainChain:Peers:RequestTimeout")]
    [InlineData("--GrainChain:Peers:RequestTimeout=01:00:00", "GrainChain:Peers:RequestTimeout")]
    public async Task A_bad_setting_stops_the_silo_with_exit_code_2_naming_it(string argument, string setting)
    {
        var (exitCode, text) = await RunAsync([argument, "--GrainChain:Sqlite:Path=" + Path.Combine(_folder, "x.db")]);

        Assert.Equal(2, exitCode);
        Assert.Contains(setting, text, StringComparison.Ordinal);

    }

    [Fact]
    public async Task A_bad_setting_from_the_environment_is_named_too()
    {
        var (exitCode, text) = await RunAsync([], new Dictionary<string, string> { ["GRAINCHAIN_GrainChain__GatewayPort"] = "-1" });

        Assert.Equal(2, exitCode);
        Assert.Contains("GrainChain:GatewayPort", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_stops_the_silo_with_exit_code_2()
    {
        var missing = Path.Combine(_folder, "missing.json");

        var (exitCode, text) = await RunAsync(["--config", missing]);

        Assert.Equal(2, exitCode);
        Assert.Contains("--config", text, StringComparison.Ordinal);
        Assert.Contains(missing, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_stops_the_silo_with_exit_code_1_naming_it()
    {
        var file = Path.Combine(_folder, "notes.db");
        await File.WriteAllTextAsync(file, "these are my notes, not a database\n" + new string('x', 4096));

        var (exitCode, text) = await RunAsync(["--GrainChain:Sqlite:Path=" + file, "--GrainChain:SiloPort=" + Port(), "--GrainChain:GatewayPort=" + Port(), "--GrainChain:HttpPort=" + Port()]);

        Assert.Equal(1, exitCode);
        Assert.Contains(file, text, StringComparison.Ordinal);
        Assert.StartsWith("these are my notes", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_answers_its_health_on_http_and_stops_cleanly_on_SIGTERM()
    {
        var database = Path.Combine(_folder, "data", "grainchain.db");
        var config = Path.Combine(_folder, "single.json");
        var (siloPort, gatewayPort, httpPort) = (Port(), Port(), Port());
        await File.WriteAllTextAsync(config, $$"""
            { "GrainChain": { "Backend": "Sqlite", "ClusterId": "health-test", "SiloPort": {{siloPort}}, "GatewayPort": 1,
              "HttpPort": {{httpPort}}, "Sqlite": { "Path": "{{database}}" }, "Membership": { "ProbeTimeout": "00:00:02" } } }
            """);
        // The file's gateway port is overridden from the environment: the layers reach the running silo.
        await using var silo = SiloHostProcess.Start(["--config", config], new Dictionary<string, string> { ["GRAINCHAIN_GrainChain__GatewayPort"] = gatewayPort });
        try
        {
            var url = await silo.ListeningAsync(Deadline);

            Assert.Equal($"http://127.0.0.1:{httpPort}", url);
            Assert.Contains($"127.0.0.1:{siloPort}", silo.Output, StringComparison.Ordinal);
            Assert.Contains($"Gateway listening for cluster clients on 127.0.0.1:{gatewayPort}", silo.Output, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Contains($"127.0.0.1:{siloPort}", health.RootElement.GetProperty("silo").GetString(), StringComparison.Ordinal);
            Assert.Equal("health-test", health.RootElement.GetProperty("cluster").GetString());
            Assert.True(File.Exists(database));
            // The data folder is usually under the working directory: a file watcher there would wake on every write.
            if (OperatingSystem.IsLinux()) Assert.Equal(0, InotifyHandles(silo.Pid));
            // Outside the gateway's routes errors are problem bodies as well: a path nothing maps, a wrong method.
            using var missing = await http.GetAsync(new Uri("/no/such/path", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
            // The dashboard has no authentication: off unless configured.
            using var noDashboard = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, noDashboard.StatusCode);
            using var wrongMethod = await http.DeleteAsync(new Uri("/health", UriKind.Relative));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
            Assert.Equal("application/problem+json", wrongMethod.Content.Headers.ContentType?.MediaType);

            await silo.TerminateAsync();

            Assert.Equal(0, await silo.ExitAsync(Deadline));
        }
        finally
        {
            output.WriteLine(silo.Output);
        }
    }

    private static int InotifyHandles(int pid) =>
        Directory.GetFiles($"/proc/{pid}/fd").Count(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify");

    [Fact]
    public async Task The_orleans_dashboard_is_served_at_dashboard_when_enabled()
    {
        var (siloPort, gatewayPort, httpPort) = (Port(), Port(), Port());
        await using var silo = SiloHostProcess.Start(
        [
            "--GrainChain:Backend=Memory", "--GrainChain:ClusterId=dashboard-test", "--GrainChain:SiloPort=" + siloPort,
            "--GrainChain:GatewayPort=" + gatewayPort, "--GrainChain:HttpPort=" + httpPort, "--GrainChain:Dashboard:Enabled=true",
        ]);
        try
        {
            var url = await silo.ListeningAsync(Deadline);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };

            using var page = await http.GetAsync(new Uri("/dashboard", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"{url}/dashboard", silo.Output, StringComparison.Ordinal);
            await silo.TerminateAsync();
            Assert.Equal(0, await silo.ExitAsync(Deadline));
        }
        finally
        {
            output.WriteLine(silo.Output);
        }
    }
}
