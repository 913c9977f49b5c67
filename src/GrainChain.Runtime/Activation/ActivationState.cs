namespace GrainChain.Runtime.Activation;

/// <summary>Where an activation is in its life: Creating → Activating → Valid → Deactivating → Invalid (gone).</summary>
internal enum ActivationState
{
    Creating,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
