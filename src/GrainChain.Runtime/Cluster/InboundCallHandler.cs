using System.Buffers;
using System.Text;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// The receiving side of calls from other silos and from clients: turns a request frame into a pooled request,
/// hands it to an activation here (or, for a client's call, to wherever the grain lives), and sends its response
/// back on the connection it came from. A frame that does not decode is refused with a rejection; nothing a peer
/// sends can throw out of here.
/// </summary>
internal sealed class InboundCallHandler : IRemoteResponseSink
{
    private readonly GrainRuntime _runtime;
    private readonly BinaryGrainSerializer _serializer;
    private readonly ILogger _logger;
    private readonly InboundReferenceCache _references = new();
    private volatile bool _muted;

    public InboundCallHandler(GrainRuntime runtime, BinaryGrainSerializer serializer, ILogger logger)
    {
        _runtime = runtime;
        _serializer = serializer;
        _logger = logger;
    }

    /// <summary>
    /// From now on nothing is answered: a silo being killed must fall silent at once, not tell a caller through a
    /// connection not yet cut that a forwarded call failed because another of its connections was cut first.
    /// </summary>
    public void Mute() => _muted = true;

    /// <summary>A Request frame from <paramref name="connection"/>.</summary>
    public void OnRequest(Connection connection, in MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (header.Target.IsDefault)
        {
            Refuse(connection, header.CallId, RejectionReason.Unrecoverable, "the request names no grain");
            return;
        }
        if (!_runtime.Types.TryGetInterface(header.InterfaceId, out var metadata)
            || !_runtime.Types.TryCreateRequest(header.InterfaceId, header.MethodId, out var request))
        {
            Refuse(connection, header.CallId, RejectionReason.Unrecoverable,
                $"interface id {header.InterfaceId:x8} method {header.MethodId} is not known to this silo");
            return;
        }
        if (!request.TryReadArguments(body, _serializer.Codecs, _serializer.Limits, out var error))
        {
            _logger.BadRequestFrame(RemoteCallSender.Describe(connection), error.Message);
            request.Discard();
            Refuse(connection, header.CallId, RejectionReason.Unrecoverable, error.Message);
            return;
        }

        GrainReference target;
        try
        {
            target = _references.GetOrCreate(header.Target, header.InterfaceId, (_runtime, metadata.Name),
                static (grainId, state) => state._runtime.GrainFactory.CreateReference(grainId, state.Name));
        }
        catch (Exception exception)
        {
            request.Discard();
            Refuse(connection, header.CallId, RejectionReason.Unrecoverable, exception.Message);
            return;
        }
        request.PrepareInbound(_runtime, this, header.CallId, connection, target);
        request.RouteAttempt = header.HopCount;
        var timeout = header.TimeoutMilliseconds > 0 ? TimeSpan.FromMilliseconds(header.TimeoutMilliseconds) : _runtime.SiloOptions.ResponseTimeout;
        _runtime.Timeouts.Track(request, timeout);

        if (connection.RemoteClientId is not null)
        {
            // A client does not know where grains live: its gateway routes the call like any of its own.
            _runtime.Router.Route(request);
        }
        else
        {
            // Another silo chose this one (placement, directory or system target): the grain runs here; if a
            // registration race is lost, the activation sends the call back with a rejection.
            _runtime.LocalRouter.Route(request);
        }
    }

    public void OnResponse(GrainRequest request)
    {
        var connection = (Connection)request.RemoteSinkState!;
        long callId = request.RemoteCallId;
        if (_muted)
        {
            request.ReleaseRemoteCaller();
            return;
        }
        var writer = _serializer.RentFramingWriter();
        try
        {
            request.WriteResponse(writer, out bool isFailure);
            connection.Send(new MessageHeader { Kind = isFailure ? MessageKind.Failure : MessageKind.Response, CallId = callId }, writer.WrittenSpan);
        }
        catch (Exception exception) when (exception is ConnectionClosedException or ConnectionOverloadedException)
        {
            _logger.ResponseUndeliverable(callId, RemoteCallSender.Describe(connection));
        }
        catch (Exception exception)
        {
            // The result could not be serialized: the caller still gets an answer, naming the problem.
            SendFailure(connection, callId, new GrainSerializationException(
                $"The result of {request.InterfaceName}.{request.MethodName} could not be sent back: {exception.Message}"));
        }
        finally
        {
            BinaryGrainSerializer.ReturnFramingWriter(writer);
            request.ReleaseRemoteCaller();
        }
    }

    public void OnUndelivered(GrainRequest request, Exception exception)
    {
        var connection = (Connection)request.RemoteSinkState!;
        long callId = request.RemoteCallId;
        try
        {
            if (exception is RetryElsewhereException)
            {
                Refuse(connection, callId, RejectionReason.Transient, exception.Message);
            }
            else
            {
                SendFailure(connection, callId, exception);
            }
        }
        finally
        {
            request.ReleaseRemoteCaller();
        }
    }

    private void SendFailure(Connection connection, long callId, Exception exception)
    {
        if (_muted)
        {
            return;
        }
        var writer = _serializer.RentFramingWriter();
        try
        {
            writer.Codecs.GetCodec<Exception>().Write(writer, exception);
            connection.Send(new MessageHeader { Kind = MessageKind.Failure, CallId = callId }, writer.WrittenSpan);
        }
        catch (Exception sendFailure) when (sendFailure is ConnectionClosedException or ConnectionOverloadedException)
        {
            _logger.ResponseUndeliverable(callId, RemoteCallSender.Describe(connection));
        }
        finally
        {
            BinaryGrainSerializer.ReturnFramingWriter(writer);
        }
    }

    private void Refuse(Connection connection, long callId, RejectionReason reason, string text)
    {
        if (_muted)
        {
            return;
        }
        try
        {
            connection.Send(new MessageHeader { Kind = MessageKind.Rejection, CallId = callId, Rejection = reason }, Encoding.UTF8.GetBytes(text));
        }
        catch (Exception exception) when (exception is ConnectionClosedException or ConnectionOverloadedException)
        {
            _logger.ResponseUndeliverable(callId, RemoteCallSender.Describe(connection));
        }
    }
}
