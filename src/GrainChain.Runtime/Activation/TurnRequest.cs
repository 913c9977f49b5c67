using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Activation;

/// <summary>A turn with no remote caller (a timer tick, a stream delivery): runs like a request, bound to one activation.</summary>
internal sealed class TurnRequest<TState>(Func<TState, Task> turn, TState state, bool interleave, bool keepAlive) : GrainRequest<VoidResult>
{
    public override string InterfaceName => "(turn)";

    public override int MethodId => -1;

    public override string MethodName => "turn";

    public override bool IsAlwaysInterleave => interleave;

    internal override bool IsActivationBound => true;

    internal override bool KeepsAlive => keepAlive;

    protected override void InvokeCore(object grain) => ReturnedVoid(turn(state));
}
