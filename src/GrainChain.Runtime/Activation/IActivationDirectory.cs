using GrainChain.Runtime.Membership;

namespace GrainChain.Runtime.Activation;

/// <summary>
/// Where a clustered silo records its activations. An activation registers before its grain is constructed; when
/// another silo's activation of the same grain registered first, this one never runs and its queued calls are sent
/// to the winner. A single silo has no directory.
/// </summary>
internal interface IActivationDirectory
{
    /// <summary>Null when <paramref name="activation"/> is now the grain's registered activation; otherwise the silo of the one that is.</summary>
    ValueTask<SiloAddress?> RegisterAsync(ActivationData activation, CancellationToken cancellationToken);

    /// <summary>Forgets the activation (it is gone); best effort, never throws.</summary>
    void Unregister(ActivationData activation);
}
