namespace GrainChain.Runtime.Invocation;

/// <summary>The result type of requests for methods that return Task or ValueTask.</summary>
public readonly struct VoidResult;
