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
/// stops: new calls fail at once, calls in flight get their responses (up to <see cref="GatewayOptions.StopDrainTimeout"/>
/// or the stop's cancellation), and whatever is left then fails with <see cref="SiloUnavailableException"/>.
/// Stopping and disposing may happen in any order and any number of times; a synchronous Dispose cuts at once.
/// </summary>
internal sealed class ClusterClientLifetime : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly GrainRuntime _runtime;
    private readonly GatewayConnector _connector;
    private readonly ILogger _logger;
    private readonly string _clusterId;
    private readonly TimeSpan _stopDrainTimeout;
    private readonly Lock _gate = new();
    private Task? _stopped;

    public ClusterClientLifetime(IServiceProvider services)
    {
        _runtime = services.GetRequiredService<GrainRuntime>();
        var messaging = services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        _clusterId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId;
        messaging.ClusterId = _clusterId;
        var loggers = GrainChainServiceCollectionExtensions.Loggers(services);
        var serializer = services.GetService<IGrainSerializer>() as BinaryGrainSerializer
            ?? throw new InvalidOperationException("A cluster client sends calls with the binary grain serializer; register it with AddGrainSerializer().");
        _logger = loggers.CreateLogger<ClusterClientLifetime>();
        var routerLogger = loggers.CreateLogger<GatewayRouter>();
        Router = new GatewayRouter(new RemoteCallSender(serializer, routerLogger), routerLogger);
        var gateways = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        _stopDrainTimeout = gateways.StopDrainTimeout;
        _connector = new GatewayConnector(
            new ConnectionFactory(Options.Create(messaging), loggers, _runtime.TimeProvider),
            Router,
            gateways,
            messaging,
            services.GetService<IMembershipTable>(),
            _runtime.TimeProvider,
            loggers.CreateLogger<GatewayConnector>());
        _runtime.UseRouter(Router);
    }

    /// <summary>Where the client's calls go: its gateways now, and a way to wait for changes.</summary>
    internal GatewayRouter Router { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime.Start();
        await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _logger.ClientStarted(_connector.ClientId, _clusterId, Router.Gateways.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopOnceAsync(cancellationToken);

    public async ValueTask DisposeAsync() => await StopOnceAsync(CancellationToken.None).ConfigureAwait(false);

    /// <summary>Synchronous disposal (a host disposed with Dispose): connections are cut rather than closed gracefully.</summary>
    public void Dispose()
    {
        Connection[] connections;
        lock (_gate)
        {
            if (_stopped is not null)
            {
                return;
            }
            _stopped = Task.CompletedTask;
            _connector.Stop();
            connections = Router.Close();
        }
        foreach (var connection in connections)
        {
            connection.Close();
        }
        Router.FailPending();
        _logger.ClientStopped(_connector.ClientId);
    }

    private Task StopOnceAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _stopped ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var connections = Router.Close();
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await _connector.DisposeAsync().ConfigureAwait(false);
        // Graceful: responses already on their way still arrive; a stop that is cancelled cuts the connections.
        await Task.WhenAll(connections.Select(async connection =>
        {
            try
            {
                await connection.CloseAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        })).ConfigureAwait(false);
        Router.FailPending();
        _logger.ClientStopped(_connector.ClientId);
    }

    // Closing the connections now would lose the responses of calls still running on the silos.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var drained = Router.WhenCallsDrainedAsync();
        if (drained.IsCompleted)
        {
            return;
        }
        try
        {
            await drained.WaitAsync(_stopDrainTimeout, _runtime.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.StopDrainTimedOut(_connector.ClientId, _stopDrainTimeout);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
