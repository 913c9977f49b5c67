namespace GrainChain.Runtime;

/// <summary>Anything that has a <see cref="GrainId"/>: a grain reference or a grain instance.</summary>
public interface IAddressable;

/// <summary>Marker for grain interfaces: their methods are messages to a virtual actor, executed one turn at a time.</summary>
public interface IGrain : IAddressable;
