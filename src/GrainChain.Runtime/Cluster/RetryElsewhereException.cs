namespace GrainChain.Runtime.Cluster;

/// <summary>
/// A call reached a silo that will not run it (the grain moved, or the silo is stopping) and that has not started
/// it, so the caller may route it again. Travels as a rejection frame, never to user code.
/// </summary>
internal sealed class RetryElsewhereException(string message) : Exception(message);
