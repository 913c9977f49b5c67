using System.Buffers;
using System.Runtime.CompilerServices;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// The compact, version-tolerant binary <see cref="IGrainSerializer"/>: varints for integers, tagged fields for
/// generated types, length-delimited regions for everything else, bounded decoding of untrusted input.
/// </summary>
public sealed class BinaryGrainSerializer : IGrainSerializer
{
    [ThreadStatic]
    private static GrainWriter? t_writer;

    [ThreadStatic]
    private static CopyContext? t_copyContext;

    private readonly CodecRegistry _registry;
    private readonly SerializerLimits _limits;

    public BinaryGrainSerializer()
        : this(new SerializerOptions())
    {
    }

    public BinaryGrainSerializer(SerializerOptions options)
        : this(options, [], [])
    {
    }

    public BinaryGrainSerializer(SerializerOptions options, IEnumerable<IFieldCodec> codecs, IEnumerable<ICodecResolver> resolvers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limits = options.ToLimits();
        _registry = new CodecRegistry(this, options, codecs, resolvers);
    }

    /// <summary>The codecs and copiers this serializer uses, for code that writes nested values itself.</summary>
    public ICodecProvider Codecs => _registry;

    /// <summary>The decoding bounds of this serializer (the cluster's message bodies are read with the same ones).</summary>
    internal SerializerLimits Limits => _limits;

    /// <summary>A writer for code that frames serialized values itself (message bodies); give it back with <see cref="ReturnFramingWriter"/>.</summary>
    internal GrainWriter RentFramingWriter() => RentWriter();

    internal static void ReturnFramingWriter(GrainWriter writer) => ReturnWriter(writer);

    public void Serialize<T>(T value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = RentWriter();
        try
        {
            _registry.GetCodec<T>().Write(writer, value);
            var written = writer.WrittenSpan;
            written.CopyTo(output.GetSpan(written.Length));
            output.Advance(written.Length);
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            throw new GrainSerializationException($"Cannot serialize a {TypeDisplay.Of(typeof(T))}: {e.Message}", e);
        }
        finally
        {
            ReturnWriter(writer);
        }
    }

    /// <summary>Serializes into a new array of exactly the encoded length.</summary>
    public byte[] SerializeToArray<T>(T value)
    {
        var writer = RentWriter();
        try
        {
            _registry.GetCodec<T>().Write(writer, value);
            return writer.WrittenSpan.ToArray();
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            throw new GrainSerializationException($"Cannot serialize a {TypeDisplay.Of(typeof(T))}: {e.Message}", e);
        }
        finally
        {
            ReturnWriter(writer);
        }
    }

    public T Deserialize<T>(ReadOnlySequence<byte> input)
    {
        if (input.IsSingleSegment)
        {
            return Deserialize<T>(input.FirstSpan);
        }

        if (input.Length > Array.MaxLength)
        {
            throw new GrainSerializationException($"Input of {input.Length} bytes is too large to be a {TypeDisplay.Of(typeof(T))}.");
        }

        var length = (int)input.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            input.CopyTo(rented);
            return Deserialize<T>(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Reads a value that must span exactly <paramref name="input"/>.</summary>
    public T Deserialize<T>(ReadOnlySpan<byte> input)
    {
        try
        {
            var reader = new GrainReader(input, _registry, _limits);
            var value = _registry.GetCodec<T>().Read(ref reader);
            reader.EnsureFullyRead(typeof(T));
            return value;
        }
        catch (Exception e)
        {
            throw new GrainSerializationException($"Cannot deserialize a {TypeDisplay.Of(typeof(T))}: {e.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T DeepCopy<T>(T value)
    {
        // Primitives and other immutable values: the JIT folds the identity check to a plain return.
        var entry = _registry.GetCopierEntry<T>();
        if (entry.IsIdentity)
        {
            return value;
        }

        return DeepCopySlow(value, entry.Copier);
    }

    private T DeepCopySlow<T>(T value, IDeepCopier<T> copier)
    {
        var context = t_copyContext ??= new CopyContext(_registry, _limits.MaxDepth);
        if (context.MaxDepth != _limits.MaxDepth)
        {
            context = new CopyContext(_registry, _limits.MaxDepth);
        }

        context.Reset(_registry);
        try
        {
            return copier.DeepCopy(value, context);
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            throw new GrainSerializationException($"Cannot copy a {TypeDisplay.Of(typeof(T))}: {e.Message}", e);
        }
    }

    private GrainWriter RentWriter()
    {
        var writer = t_writer;
        if (writer is null)
        {
            return new GrainWriter(_registry, _limits.MaxDepth);
        }

        t_writer = null;
        if (writer.MaxDepth != _limits.MaxDepth)
        {
            writer.ReturnBuffer();
            return new GrainWriter(_registry, _limits.MaxDepth);
        }

        writer.Reset(_registry);
        return writer;
    }

    private static void ReturnWriter(GrainWriter writer)
    {
        // Keep small buffers for reuse on this thread; let a one-off huge buffer go back to the pool.
        if (writer.Capacity > 1 << 20)
        {
            writer.ReturnBuffer();
            return;
        }

        t_writer = writer;
    }
}
