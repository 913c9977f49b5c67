namespace GrainChain.Runtime.Concurrency;

/// <summary>Lets requests to this grain class interleave at awaits instead of waiting for each other to finish.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
