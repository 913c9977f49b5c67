namespace GrainChain.Runtime.Concurrency;

/// <summary>Calls to this grain interface method may start while other requests of the grain are running.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute;
