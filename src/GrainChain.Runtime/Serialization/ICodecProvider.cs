namespace GrainChain.Runtime.Serialization;

/// <summary>Finds the codec and copier for a type; generated codecs use it for their members' types.</summary>
public interface ICodecProvider
{
    /// <summary>The codec for values whose static type is <typeparamref name="T"/> (handles null and subtypes).</summary>
    IFieldCodec<T> GetCodec<T>();

    /// <summary>The copier for values whose static type is <typeparamref name="T"/> (handles null and subtypes).</summary>
    IDeepCopier<T> GetCopier<T>();
}
