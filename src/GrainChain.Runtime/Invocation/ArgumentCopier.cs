using System.ComponentModel;
using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Invocation;

/// <summary>Deep-copies call arguments and results through the serializer, skipping immutable types entirely.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ArgumentCopier
{
    private readonly IGrainSerializer? _serializer;

    internal ArgumentCopier(IGrainSerializer? serializer) => _serializer = serializer;

    public T Copy<T>(T value)
    {
        if (CopyPolicy<T>.IsImmutable || value is null)
        {
            return value;
        }
        if (_serializer is null)
        {
            throw new GrainSerializationException(
                $"A value of type {value.GetType()} must be copied between caller and grain, but no IGrainSerializer is registered. " +
                "Register the serializer with services.AddGrainSerializer().");
        }
        return _serializer.DeepCopy(value);
    }
}
