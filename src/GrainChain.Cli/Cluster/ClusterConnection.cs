using System.Collections;
using System.CommandLine;
using GrainChain.Abstractions.Nodes;
using GrainChain.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace GrainChain.Cli.Cluster;

/// <summary>
/// The options every cluster command shares (<c>--config</c>, <c>--timeout</c>) and the Orleans cluster client a
/// command runs against: configured like the silo from the <c>GrainChain</c> section, started for one command and
/// stopped after it, with every failure turned into one line on the error stream and exit code 1.
/// </summary>
internal sealed class ClusterConnection(TextWriter errors)
{
    /// <summary>How long a command waits for the cluster (to connect, then for each answer) unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);


    public Option<FileInfo?> Config { get; } = new("--config")
    {
        Description = "A silo configuration file (JSON with a GrainChain section), under GRAINCHAIN_GrainChain__* environment " +
                      "variables as for the silo. Default: those and GrainChain__* variables, else Backend Sqlite on data/grainchain.db.",
    };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the cluster to connect and for each answer (mining on main may need more).",
        DefaultValueFactory = _ => (int)DefaultTimeout.TotalSeconds,
    };

    /// <summary>Adds the shared options to <paramref name="command"/> (one connection per command).</summary>
    public Command Attach(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Timeout);
        Timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 3600) result.AddError("--timeout must be between 1 and 3600 seconds");
        });
        Config.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo?>() is { Exists: false } file) result.AddError($"--config: {file.FullName} does not exist");
        });
        return command;
    }

    /// <summary>Connects, runs <paramref name="body"/> with the client, and maps cluster and node failures to exit code 1.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<IClusterClient, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        RunAsync(parse.GetValue(Config), TimeSpan.FromSeconds(parse.GetValue(Timeout)), errors, body, cancellationToken);

    /// <summary>
    /// Connects to the cluster configured by <paramref name="file"/> (else the environment), runs <paramref name="body"/>
    /// with the client, and maps cluster and node failures to one line on <paramref name="errors"/> and exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(FileInfo? file, TimeSpan timeout, TextWriter errors, Func<IClusterClient, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var source = file is null ? "the environment (GrainChain__* variables, else the defaults)" : $"config file {file.FullName}";

        IHost host;
        string target;
        // A command that runs until told to stop (watch) would otherwise sit silent on a dead cluster.
        using var lost = new CancellationTokenSource();
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            Layer(builder.Configuration, file, Environment.GetEnvironmentVariables());
            target = Describe(builder.Configuration);
            builder.UseOrleansClient(client => client
                .AddGrainChain()
                .AddClusterConnectionLostHandler((_, _) => lost.Cancel())
                .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = timeout));
            host = builder.Build();
        }
        catch (Exception e) when (e is GrainChainConfigurationException or InvalidDataException or FormatException or InvalidOperationException)
        {
            errors.WriteLine($"error: {source}: {e.Message}");
            return 1;
        }

        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(timeout);
                try
                {
                    await host.StartAsync(connect.Token);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    var why = e is OperationCanceledException ? $"no gateway answered within {timeout.TotalSeconds:0} s" : e.Message;
                    errors.WriteLine($"error: cannot reach the GrainChain cluster ({target}) configured by {source}: {why}");
                    return 1;
                }
            }

            try
            {
                using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost.Token);
                var exitCode = await body(host.Services.GetRequiredService<IClusterClient>(), running.Token);
                if (!lost.IsCancellationRequested || cancellationToken.IsCancellationRequested) return exitCode;
                throw new OperationCanceledException(lost.Token);
            }
            catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Whether the command noticed (its token) or ended on its own meanwhile, the cluster is gone.
                errors.WriteLine($"error: lost the GrainChain cluster ({target}) configured by {source}: no gateway is left");
                return 1;
            }
            catch (NodeNotFoundException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (Exception e) when (e is NodeConflictException or ArgumentException)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
            catch (TimeoutException e)
            {
                errors.WriteLine($"error: the GrainChain cluster ({target}) configured by {source} did not answer within {timeout.TotalSeconds:0} s: {e.Message}");
                return 1;
            }
            catch (OrleansException e)
            {
                errors.WriteLine($"error: lost the GrainChain cluster ({target}) configured by {source}: {e.Message}");
                return 1;
            }
        }
        finally
        {
            await StopAsync(host);
        }
    }

    private static async Task StopAsync(IHost host)
    {
        try
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // The command's outcome is already decided; a client that cannot say goodbye to a dead cluster is no news.
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>
    /// The client's settings, layered like the silo's so that one set of exported variables serves both: every
    /// environment variable (<c>GrainChain__X</c>), then the config file, then <c>GRAINCHAIN_GrainChain__X</c> over it.
    /// </summary>
    internal static void Layer(IConfigurationBuilder configuration, FileInfo? file, IDictionary environment)
    {
        var plain = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
            plain[(entry.Key.ToString() ?? "").Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = entry.Value?.ToString();

        configuration.AddInMemoryCollection(plain);
        if (file is not null) configuration.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        configuration.AddInMemoryCollection(GrainChainEnvironment.Settings(environment));
    }

    // What the client will look for, for messages: the gateway (memory backend) or the membership database.
    private static string Describe(IConfiguration configuration)
    {
        var options = new GrainChainOptions();
        configuration.GetSection(GrainChainOptions.SectionName).Bind(options);
        return options.Backend switch
        {
            GrainChainBackend.Memory => $"Backend Memory, gateway {options.AdvertisedAddress}:{options.GatewayPort}",
            GrainChainBackend.Sqlite => $"Backend Sqlite, {options.Sqlite.FullPath}",
            GrainChainBackend.Postgres => "Backend Postgres",
            _ => $"Backend {options.Backend}",
        };
    }
}
