namespace GrainChain.Runtime.Serialization;

/// <summary>Marks a codec whose values never change after construction, so deep copies return the value itself.</summary>
public interface IImmutableTypeCodec;
