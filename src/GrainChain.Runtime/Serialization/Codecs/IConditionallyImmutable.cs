namespace GrainChain.Runtime.Serialization;

/// <summary>A composite codec (immutable collection, tuple, nullable) whose values are immutable exactly when its parts are.</summary>
internal interface IConditionallyImmutable
{
    bool IsImmutable { get; }
}
