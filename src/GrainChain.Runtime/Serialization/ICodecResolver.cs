namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Supplies codecs for a family of types that no single registration covers (for example every grain interface).
/// Asked once per type, before the built-in rules.
/// </summary>
public interface ICodecResolver
{
    bool TryCreateCodec<T>(ICodecProvider provider, out IFieldCodec<T>? codec);

    bool TryCreateCopier<T>(ICodecProvider provider, out IDeepCopier<T>? copier);
}
