using System.Runtime.ExceptionServices;

namespace GrainChain.Runtime.Serialization;

/// <summary>
/// Exceptions as type name, message, stack trace text and inner exception. The reader rebuilds the same type only
/// when it is known (built in or registered with a factory); otherwise it produces a <see cref="RemoteGrainException"/>
/// that keeps the original type name. The bytes never choose a type to construct by themselves.
/// </summary>
internal sealed class ExceptionCodec<T>(CodecRegistry registry) : IFieldCodec<T>, IDeepCopier<T>
{
    public Type ValueType => typeof(T);

    public WireType WireType => WireType.LengthDelimited;

    public void Write(GrainWriter writer, T value)
    {
        if (value is not Exception exception)
        {
            writer.WriteNull();
            return;
        }

        WriteException(writer, exception);
    }

    private static void WriteException(GrainWriter writer, Exception exception)
    {
        var start = writer.BeginRegion();
        var originalName = exception is RemoteGrainException remote ? remote.OriginalTypeName : exception.GetType().FullName;
        writer.WriteString(originalName);
        writer.WriteString(exception.Message);
        writer.WriteString(exception.StackTrace);
        if (exception.InnerException is { } inner)
        {
            WriteException(writer, inner);
        }
        else
        {
            writer.WriteNull();
        }

        writer.EndRegion(start);
    }

    public T Read(ref GrainReader reader)
    {
        var exception = ReadException(ref reader);
        if (exception is null)
        {
            return default!;
        }

        return exception is T typed
            ? typed
            : throw new GrainSerializationException($"Exception {exception.GetType()} read from the data is not a {TypeDisplay.Of(typeof(T))}.");
    }

    private Exception? ReadException(ref GrainReader reader)
    {
        if (!reader.EnterRegion(out var outer))
        {
            return null;
        }

        var typeName = reader.ReadString() ?? throw new GrainSerializationException("Exception without a type name.");
        var message = reader.ReadString() ?? string.Empty;
        var stackTrace = reader.ReadString();
        var inner = ReadException(ref reader);
        reader.ExitRegion(outer);

        Exception result;
        try
        {
            result = registry.TryGetExceptionFactory(typeName, out var factory)
                ? factory(message, inner)
                : new RemoteGrainException(typeName, message, inner);
        }
        catch (Exception e) when (e is not GrainSerializationException)
        {
            result = new RemoteGrainException(typeName, message, inner);
        }

        if (!string.IsNullOrEmpty(stackTrace))
        {
            try
            {
                ExceptionDispatchInfo.SetRemoteStackTrace(result, stackTrace);
            }
            catch (InvalidOperationException)
            {
                // A registered factory handed back an exception that was already thrown; keep its own trace.
            }
        }

        return result;
    }

    /// <summary>Exceptions are treated as immutable once thrown: copies share them.</summary>
    public T DeepCopy(T value, CopyContext context) => value;
}
