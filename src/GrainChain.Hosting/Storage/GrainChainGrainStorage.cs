using Orleans.Runtime;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// GrainChain's grain storage, with Orleans' semantics over a relational <see cref="IGrainStateStore"/>: a missing
/// record reads as no ETag, a default state and <c>RecordExists == false</c>; a write or clear whose ETag is not the
/// stored version throws <see cref="InconsistentStateException"/>; a clear keeps the record's version as the ETag.
/// </summary>
internal sealed class GrainChainGrainStorage(
    string name,
    string serviceId,
    IGrainStateStore store,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var stored = await store.ReadAsync(Key(stateName, grainId)).ConfigureAwait(false);
        grainState.State = stored.Payload is null
            ? Create<T>()
            : serializer.Deserialize<T>(new BinaryData(stored.Payload)) ?? Create<T>();
        grainState.ETag = GrainStateETag.Format(stored.Version);
        grainState.RecordExists = stored.Payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        const string Operation = "WriteState";
        var expected = GrainStateETag.Parse(grainState.ETag, Operation, name, grainId, stateName);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var outcome = await store.ApplyAsync(new StateCommand(Key(stateName, grainId), payload, expected)).ConfigureAwait(false);
        if (!outcome.Applied) throw GrainStateETag.Conflict(Operation, name, grainId, stateName, grainState.ETag, outcome.Version);

        grainState.ETag = GrainStateETag.Format(outcome.Version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        const string Operation = "ClearState";
        var expected = GrainStateETag.Parse(grainState.ETag, Operation, name, grainId, stateName);
        var outcome = await store.ApplyAsync(new StateCommand(Key(stateName, grainId), null, expected)).ConfigureAwait(false);
        if (!outcome.Applied) throw GrainStateETag.Conflict(Operation, name, grainId, stateName, grainState.ETag, outcome.Version);

        grainState.ETag = GrainStateETag.Format(outcome.Version);
        grainState.RecordExists = false;
        grainState.State = Create<T>();
    }

    private StateKey Key(string stateName, GrainId grainId) => new(serviceId, GrainStateIdentity.Of(grainId), stateName);

    private T Create<T>() => activators.GetActivator<T>().Create();
}
