namespace GrainChain.Runtime;

/// <summary>A grain identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain;

/// <summary>A grain identified by a Guid key.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>A grain identified by a 64-bit integer key.</summary>
public interface IGrainWithIntegerKey : IGrain;

/// <summary>A grain identified by a Guid key plus a string extension.</summary>
public interface IGrainWithGuidCompoundKey : IGrain;

/// <summary>A grain identified by a 64-bit integer key plus a string extension.</summary>
public interface IGrainWithIntegerCompoundKey : IGrain;
