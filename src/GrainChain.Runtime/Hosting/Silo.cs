using GrainChain.Runtime.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Hosting;

/// <summary>A silo: hosts activations of grains. Started and stopped by the generic host through its hosted service.</summary>
public sealed class Silo
{
    private readonly GrainRuntime _runtime;
    private readonly ILogger _logger;
    private int _started;
    private int _stopped;

    internal Silo(GrainRuntime runtime, ILogger<Silo> logger)
    {
        _runtime = runtime;
        _logger = logger;
    }

    public string Name => _runtime.SiloOptions.SiloName;

    public IServiceProvider Services => _runtime.Services;

    /// <summary>The number of live activations.</summary>
    public int ActivationCount => _runtime.Catalog.Count;

    internal GrainRuntime Runtime => _runtime;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _runtime.Start();
            _logger.SiloStarted(Name, _runtime.Types.ClassCount, _runtime.Types.InterfaceCount);
        }
        return Task.CompletedTask;
    }

    /// <summary>Graceful stop: every activation is deactivated (its OnDeactivateAsync runs) before this completes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }
        _logger.SiloStopping(Name, _runtime.Catalog.Count);
        await _runtime.StopAsync(cancellationToken).ConfigureAwait(false);
        _logger.SiloStopped(Name);
    }
}
