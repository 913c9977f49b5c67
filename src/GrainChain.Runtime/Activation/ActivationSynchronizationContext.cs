namespace GrainChain.Runtime.Activation;

/// <summary>
/// Installed while an activation runs, so every await inside grain code resumes as a work item of that activation
/// and never runs beside another of its turns.
/// </summary>
internal sealed class ActivationSynchronizationContext(ActivationData activation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => activation.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ActivationData.Current != activation)
        {
            throw new NotSupportedException($"Synchronous Send into {activation} from outside it would block a thread on the grain's turn.");
        }
        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;
}
