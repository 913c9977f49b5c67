using GrainChain.Runtime.Serialization;

namespace GrainChain.Runtime.Invocation;

// How a typed request's outcome crosses silos: the response body is the result through its codec (nothing for
// methods without one), a failure body is the exception through the exception codec.
public abstract partial class GrainRequest<TResult>
{
    private protected override void StoreWireResponse(bool isFailure, ReadOnlySpan<byte> body, ICodecProvider codecs, SerializerLimits limits)
    {
        try
        {
            var reader = new GrainReader(body, codecs, limits);
            if (isFailure)
            {
                _exception = codecs.GetCodec<Exception>().Read(ref reader)
                    ?? throw new GrainSerializationException("The failure response carries no exception.");
            }
            else if (typeof(TResult) != typeof(VoidResult))
            {
                _result = codecs.GetCodec<TResult>().Read(ref reader);
            }
            if (reader.Remaining != 0)
            {
                throw new GrainSerializationException($"{reader.Remaining} unexpected bytes after the {(isFailure ? "exception" : "result")}.");
            }
        }
        catch (Exception exception)
        {
            StoreFailure(new GrainSerializationException(
                $"The {(isFailure ? "failure" : "response")} of {InterfaceName}.{MethodName} to grain {TargetGrainId} could not be read: {exception.Message}",
                exception));
        }
    }

    private protected override void StoreFailure(Exception exception)
    {
        _result = default!;
        _exception = exception;
    }

    private protected override bool WriteResponseCore(GrainWriter writer, Exception? failure)
    {
        failure ??= _exception;
        if (failure is null)
        {
            if (typeof(TResult) == typeof(VoidResult))
            {
                return false;
            }
            int length = writer.Length;
            int depth = writer.Depth;
            try
            {
                writer.Codecs.GetCodec<TResult>().Write(writer, _result);
                return false;
            }
            catch (Exception exception)
            {
                writer.Rewind(length, depth);
                failure = new GrainSerializationException(
                    $"The result of {InterfaceName}.{MethodName} cannot be serialized: {exception.Message}", exception);
            }
        }
        WriteException(writer, failure);
        return true;
    }

    private static void WriteException(GrainWriter writer, Exception exception)
    {
        int length = writer.Length;
        int depth = writer.Depth;
        try
        {
            writer.Codecs.GetCodec<Exception>().Write(writer, exception);
        }
        catch (GrainSerializationException tooDeep)
        {
            // Only an absurdly deep chain of inner exceptions fails to encode; send its outermost message alone.
            writer.Rewind(length, depth);
            writer.Codecs.GetCodec<Exception>().Write(writer, new RemoteGrainException(
                exception.GetType().FullName ?? exception.GetType().Name, $"{exception.Message} ({tooDeep.Message})"));
        }
    }
}
