using System.Buffers;
using GrainChain.Runtime.Activation;
using GrainChain.Runtime.Serialization;
using GrainChain.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace GrainChain.Runtime.State;

/// <summary>
/// One persistent state of one activation: serialized with the runtime's serializer, kept in a named
/// <see cref="IGrainStorage"/> under the grain id, written with compare-and-set on the ETag.
/// </summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IStateLoader
{
    private readonly ActivationData _activation;
    private readonly string _stateName;
    private readonly string _storageName;
    private readonly string _grainKey;
    private IGrainStorage? _storage;
    private IGrainSerializer? _serializer;

    public PersistentState(ActivationData activation, string stateName, string storageName)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        _activation = activation;
        _stateName = stateName;
        _storageName = storageName;
        _grainKey = activation.GrainId.ToString();
        State = CreateDefault();
    }

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public Task LoadForActivationAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await Storage.ReadAsync(_stateName, _grainKey, cancellationToken);
        if (stored is null)
        {
            State = CreateDefault();
            Etag = null;
            RecordExists = false;
            return;
        }
        State = Deserialize(stored.Data);
        Etag = stored.ETag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Serializer.Serialize(State, buffer);
        Etag = await Storage.WriteAsync(_stateName, _grainKey, buffer.WrittenMemory, Etag, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await Storage.ClearAsync(_stateName, _grainKey, Etag, cancellationToken);
        Etag = null;
        RecordExists = false;
        State = CreateDefault();
    }

    private TState Deserialize(ReadOnlyMemory<byte> data)
    {
        try
        {
            return Serializer.Deserialize<TState>(new ReadOnlySequence<byte>(data));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new GrainSerializationException(
                $"State '{_stateName}' of grain {_grainKey} in storage '{_storageName}' could not be read as {typeof(TState)}: {exception.Message}",
                exception);
        }
    }

    private IGrainStorage Storage => _storage ??=
        _activation.ActivationServices.GetKeyedService<IGrainStorage>(_storageName)
        ?? throw new InvalidOperationException(
            $"Grain {_grainKey} needs grain storage '{_storageName}' for state '{_stateName}', but no such storage is registered " +
            $"(register one, for example with AddMemoryGrainStorage(\"{_storageName}\")).");

    private IGrainSerializer Serializer => _serializer ??=
        _activation.ActivationServices.GetService<IGrainSerializer>()
        ?? throw new InvalidOperationException(
            $"Grain {_grainKey} has persistent state '{_stateName}' but no IGrainSerializer is registered (call services.AddGrainSerializer()).");

    private static TState CreateDefault()
    {
        if (typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null)
        {
            return Activator.CreateInstance<TState>();
        }
        return default!;
    }
}
