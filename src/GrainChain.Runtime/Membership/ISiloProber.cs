namespace GrainChain.Runtime.Membership;

/// <summary>
/// Asks another silo whether it is alive. The failure detector depends only on this, so it can be tested with an
/// injected clock; the messaging layer provides the real one (a ping frame over the silo-to-silo connection).
/// </summary>
public interface ISiloProber
{
    /// <summary>True when <paramref name="target"/> answered within <paramref name="timeout"/>; false on no answer or a broken connection.</summary>
    Task<bool> ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
