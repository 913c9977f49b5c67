namespace GrainChain.Runtime.Hosting;

/// <summary>Idle collection and deactivation settings.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>How often idle activations are looked for. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an activation may go unused before it is collected. Default 15 minutes.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The time OnDeactivateAsync gets before its cancellation token fires. Default 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
