using GrainChain.Runtime.Cluster;
using GrainChain.Runtime.Hosting;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Client;

/// <summary>
/// Connects a cluster client when its host starts (at least one gateway must answer) and closes it when the host
/// stops: calls still in flight then fail with <see cref="SiloUnavailableException"/>.
/// </summary>
internal sealed class ClusterClientLifetime : IHostedService, IAsyncDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly GatewayRouter _router;

    public ClusterClientLifetime(IServiceProvider services)
    {
        _runtime = services.GetRequiredService<GrainRuntime>();
        var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        messaging.ClusterId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
        var loggers = GrainChainServiceCollectionExtensions.Loggers(services);
        var serializer = services.GetService<IGrainSerializer>() as BinaryGrainSerializer
            ?? throw new InvalidOperationException("A cluster client sends calls with the binary grain serializer; register it with AddGrainSerializer().");
        var logger = loggers.CreateLogger<ClusterClientLifetime>();
        _router = new GatewayRouter(
            new ConnectionFactory(Options.Create(messaging), loggers, _runtime.TimeProvider),
            new RemoteCallSender(serializer, logger),
            services.GetRequiredService<IOptions<GatewayOptions>>().Value,
            services.GetService<IMembershipTable>(),
            _runtime.TimeProvider,
            logger);
        _runtime.UseRouter(_router);
    }

    /// <summary>The gateways this client is connected to now.</summary>
    public IReadOnlyList<System.Net.IPEndPoint> ConnectedGateways => _router.ConnectedGateways;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime.Start();
        await _router.ConnectAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _router.DisposeAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync() => _router.DisposeAsync();
}
