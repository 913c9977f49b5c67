using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainChain.Cluster.TestSilo;

/// <summary>Builds the generic host of one test silo: SQLite membership and grain state, a free port, logs on stderr.</summary>
internal static class TestSiloHost
{
    public static IHost Build(TestSiloSettings settings)
    {
        // An empty builder: no appsettings files or default providers, so only the settings given decide behaviour.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(settings.LogLevel)
            // Standard output carries only the READY line the parent parses; every log line goes to standard error.
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

        builder.Services.AddGrainChainSilo(silo =>
        {
            silo.Configure<SiloOptions>(o =>
            {
                o.SiloName = settings.SiloName ?? $"silo-{Environment.ProcessId}";
                o.ResponseTimeout = settings.ResponseTimeout;
            });
            silo.Configure<ClusterOptions>(o => o.ClusterId = settings.ClusterId);
            silo.Configure<EndpointOptions>(o => o.SiloPort = 0);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbePeriod = settings.ProbePeriod;
                o.ProbeTimeout = settings.ProbeTimeout;
                o.NumMissedProbesLimit = settings.MissedProbesLimit;
                o.TableRefreshPeriod = settings.TableRefreshPeriod;
            });
            silo.UseSqliteMembership(o => o.DataSource = settings.MembershipFile);
            silo.Services.AddSqliteGrainStorage(TestSiloStores.Cluster, o => o.DataSource = settings.StateFile);
            silo.AddGrainAssembly(typeof(TestSiloHost).Assembly);
        });
        return builder.Build();
    }
}
