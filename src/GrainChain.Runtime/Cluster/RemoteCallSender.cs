using System.Buffers;
using System.Text;
using GrainChain.Runtime.Invocation;
using GrainChain.Runtime.Membership;
using GrainChain.Runtime.Messaging;
using GrainChain.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Cluster;

/// <summary>
/// The calling side of calls that leave this process: writes the request frame, keeps the call in a
/// <see cref="RemoteCallTable"/> until its response, rejection or the end of its connection, and completes it.
/// Shared by silos (calls to other silos) and clients (calls through a gateway).
/// </summary>
internal sealed class RemoteCallSender(BinaryGrainSerializer serializer, ILogger logger)
{
    /// <summary>How often one call may be routed again after a silo refused it before it ran.</summary>
    public const int MaxRouteAttempts = 4;

    private readonly RemoteCallTable _calls = new();

    public RemoteCallTable Calls => _calls;

    /// <summary>Sends the request on <paramref name="connection"/>; any failure completes the request, nothing throws.</summary>
    public void Send(Connection connection, SiloAddress? target, GrainRequest request)
    {
        long callId = _calls.Add(request, target, connection, request.RouteAttempt);
        var writer = serializer.RentFramingWriter();
        try
        {
            if (!request.TryWriteArguments(writer, out var error))
            {
                if (_calls.TryTake(callId, out _))
                {
                    request.FailUndelivered(error);
                }
                return;
            }
            var header = new MessageHeader
            {
                Kind = MessageKind.Request,
                Flags = request.IsAlwaysInterleave ? MessageFlags.AlwaysInterleave : MessageFlags.None,
                CallId = callId,
                Target = request.TargetGrainId,
                InterfaceId = request.InterfaceId,
                MethodId = checked((ushort)request.MethodId),
                HopCount = (byte)Math.Min(byte.MaxValue, request.RouteAttempt),
                TimeoutMilliseconds = (int)Math.Clamp(request.TimeoutDuration.TotalMilliseconds, 0, int.MaxValue),
            };
            connection.Send(header, writer.WrittenSpan);
        }
        catch (Exception exception)
        {
            if (_calls.TryTake(callId, out _))
            {
                request.FailUndelivered(exception is ConnectionClosedException
                    ? new SiloUnavailableException($"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} could not be sent: {exception.Message}", exception)
                    : exception);
            }
        }
        finally
        {
            BinaryGrainSerializer.ReturnFramingWriter(writer);
        }
    }

    /// <summary>A Response or Failure frame: completes its call. Unknown call ids (late or forged) are ignored.</summary>
    public void OnResponse(Connection connection, in MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (!_calls.TryTake(header.CallId, out var call) || !ReferenceEquals(call.Connection, connection))
        {
            // A peer may only answer calls sent to it; put back a call that belongs to another connection.
            if (call.Request is not null && !ReferenceEquals(call.Connection, connection))
            {
                _calls.Restore(header.CallId, call);
            }
            return;
        }
        call.Request.CompleteFromWire(header.Kind == MessageKind.Failure, body, serializer.Codecs, serializer.Limits);
    }

    /// <summary>
    /// A Rejection frame: the target did not run the call. Transient rejections hand the request back for another
    /// route (returns it); anything else, or too many tries, fails it.
    /// </summary>
    public GrainRequest? OnRejection(Connection connection, in MessageHeader header, in ReadOnlySequence<byte> body)
    {
        if (!_calls.TryTake(header.CallId, out var call))
        {
            return null;
        }
        if (!ReferenceEquals(call.Connection, connection))
        {
            _calls.Restore(header.CallId, call);
            return null;
        }
        var request = call.Request;
        string reason = ReadReason(body);
        if (request.IsCompleted)
        {
            request.DropAbandoned();
            return null;
        }
        if (header.Rejection == RejectionReason.Transient && call.Attempt + 1 < MaxRouteAttempts)
        {
            request.RouteAttempt = (byte)(call.Attempt + 1);
            return request;
        }
        request.FailUndelivered(new CallRejectedException(
            $"The call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} was refused by {Describe(connection)}: {reason}"));
        return null;
    }

    /// <summary>Fails every call in flight on a connection that has closed: their outcome is unknown.</summary>
    public void OnConnectionClosed(Connection connection, Exception? reason)
    {
        var failed = _calls.TakeAll(connection);
        if (failed.Count == 0)
        {
            return;
        }
        string peer = Describe(connection);
        logger.CallsFailedOnClose(failed.Count, peer);
        foreach (var call in failed)
        {
            var request = call.Request;
            request.FailUndelivered(new SiloUnavailableException(
                $"The connection to {peer} closed while the call {request.InterfaceName}.{request.MethodName} to grain {request.TargetGrainId} was in flight; " +
                $"its outcome is unknown.{(reason is null ? "" : " " + reason.Message)}", reason));
        }
    }

    /// <summary>Fails every pending call (the process is stopping).</summary>
    public void FailAll(string why)
    {
        foreach (var call in _calls.TakeAll())
        {
            call.Request.FailUndelivered(new SiloUnavailableException(
                $"The call {call.Request.InterfaceName}.{call.Request.MethodName} to grain {call.Request.TargetGrainId} was abandoned: {why}"));
        }
    }

    internal static string Describe(Connection connection) =>
        connection.RemoteSilo?.ToString() ?? (connection.RemoteClientId is { } client ? $"client {client:N}" : "an unidentified peer");

    private static string ReadReason(in ReadOnlySequence<byte> body)
    {
        // Rejection reasons are short texts; a peer that sends a long one gets it cut, not buffered.
        var slice = body.Length > 1024 ? body.Slice(0, 1024) : body;
        try
        {
            return Encoding.UTF8.GetString(slice);
        }
        catch (ArgumentException)
        {
            return "(unreadable reason)";
        }
    }
}
