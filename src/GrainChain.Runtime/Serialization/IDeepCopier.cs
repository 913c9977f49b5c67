namespace GrainChain.Runtime.Serialization;

/// <summary>Makes an independent copy of a value; copiers of immutable types return the value itself.</summary>
public interface IDeepCopier<T>
{
    T DeepCopy(T value, CopyContext context);
}
