using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// Wraps Orleans' ADO.NET grain storage so that every call reaches it with the full grain id in its string key
/// (see <see cref="GrainStateIdentity"/>). State, ETag and <c>RecordExists</c> pass through unchanged, so the ETag
/// semantics stay Orleans' own.
/// </summary>
internal sealed class IdentityPreservingGrainStorage(AdoNetGrainStorage inner)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, GrainStateIdentity.ForAdoNet(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, GrainStateIdentity.ForAdoNet(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, GrainStateIdentity.ForAdoNet(grainId), grainState);

    public void Participate(ISiloLifecycle lifecycle) => inner.Participate(lifecycle);
}
