using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Messaging;

/// <summary>Probes silos with a Ping frame over the cached silo connection (connecting if needed) and waits for the Pong.</summary>
public sealed class SiloPingProber : ISiloProber
{
    private readonly SiloConnectionCache _connections;
    private readonly TimeProvider _time;

    public SiloPingProber(SiloConnectionCache connections, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var started = _time.GetTimestamp();
        try
        {
            var connection = await _connections.GetConnectionAsync(target, cancellationToken)
                .AsTask().WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
            var remaining = timeout - _time.GetElapsedTime(started);
            return remaining > TimeSpan.Zero && await connection.PingAsync(remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MessagingException or TimeoutException)
        {
            return false;
        }
    }
}
