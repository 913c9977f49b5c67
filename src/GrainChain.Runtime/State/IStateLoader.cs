namespace GrainChain.Runtime.State;

/// <summary>State that an activation reads before it calls OnActivateAsync.</summary>
internal interface IStateLoader
{
    Task LoadForActivationAsync(CancellationToken cancellationToken);
}
