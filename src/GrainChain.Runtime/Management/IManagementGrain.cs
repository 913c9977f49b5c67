namespace GrainChain.Runtime.Management;

/// <summary>
/// Asks the cluster about itself: its silos and what each is running. Any key works; use 0. Consoles and tests call
/// it through a cluster client.
/// </summary>
public interface IManagementGrain : IGrainWithIntegerKey
{
    /// <summary>Every silo in the membership view of the silo that answers (Dead ones included).</summary>
    Task<SiloSummary[]> GetHostsAsync();

    /// <summary>Asks every Active silo for its statistics (one call to each silo).</summary>
    Task<SiloRuntimeStatistics[]> GetRuntimeStatisticsAsync();
}
