namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Where the response of a call that arrived from another silo goes instead of a local awaiter (the cluster router
/// implements it and writes a Response or Failure frame back to the caller's silo).
/// </summary>
/// <remarks>
/// Each prepared inbound request reaches the sink exactly once, through one of the two methods. The sink holds the
/// remote caller's share of the request: it calls <see cref="GrainRequest.WriteResponse"/> (before returning, since
/// the grain may change a mutable result once its next turn runs) and then
/// <see cref="GrainRequest.ReleaseRemoteCaller"/> exactly once, after which it must not touch the request again.
/// </remarks>
internal interface IRemoteResponseSink
{
    /// <summary>The grain finished the call; the request holds its result or the exception it threw.</summary>
    void OnResponse(GrainRequest request);

    /// <summary>The call never ran or was given up (no activation, activation failed, timed out, silo stopping).</summary>
    void OnUndelivered(GrainRequest request, Exception exception);
}
