using GrainChain.Runtime.Invocation;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// A grain reference whose static type is <typeparamref name="T"/> (a grain interface or a proxy class): a region
/// holding grain type, key and interface name. Reading rebuilds the proxy through the receiving runtime's
/// <see cref="GrainReferenceActivator"/>, so the copy calls the grain from wherever it is read. References never
/// change, so the copier hands back the same instance.
/// </summary>
internal sealed class GrainReferenceCodec<T>(Func<GrainReferenceActivator> activator) : IFieldCodec<T>, IDeepCopier<T>, IImmutableTypeCodec
    where T : class
{
    public Type ValueType => typeof(T);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteNull();
            return;
        }

        if (value is not GrainReference reference)
        {
            throw new GrainSerializationException(
                $"A {TypeDisplay.Of(value.GetType())} was given where a grain reference ({TypeDisplay.Of(typeof(T))}) is expected; " +
                "pass a reference (this.AsReference<T>() or GrainFactory.GetGrain) instead of the grain object itself.");
        }

        var start = writer.BeginRegion();
        GrainIdCodec.WriteContent(writer, reference.GrainId);
        BoundedText.Write(writer, reference.InterfaceType.Name, IdentityWireLimits.MaxInterfaceTypeBytes, "Grain interface type");
        writer.EndRegion(start);
    }

    public T Read(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null!;
        }

        var grainId = GrainIdCodec.ReadContent(ref reader);
        var interfaceType = new GrainInterfaceType(
            BoundedText.Read(ref reader, IdentityWireLimits.MaxInterfaceTypeBytes, "Grain interface type", allowEmpty: false));
        reader.ExitRegion(outer);
        return Create(grainId, interfaceType);
    }

    public T DeepCopy(T value, CopyContext context) => value;

    private T Create(GrainId grainId, GrainInterfaceType interfaceType)
    {
        GrainReference reference;
        try
        {
            reference = activator().CreateReference(grainId, interfaceType);
        }
        catch (ArgumentException e)
        {
            throw new GrainSerializationException(
                $"Grain reference to {grainId} names grain interface '{interfaceType}', which this silo does not know.", e);
        }

        return reference as T ?? throw new GrainSerializationException(
            $"Grain reference to {grainId} is a '{interfaceType}', which is not a {TypeDisplay.Of(typeof(T))}.");
    }
}
