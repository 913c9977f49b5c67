using System.Buffers;

namespace GrainChain.Runtime.Messaging;

/// <summary>
/// Receives what arrives on connections. Both callbacks run on the connection's read loop: they must not block
/// (hand work off instead), and a slow handler slows only its own connection.
/// </summary>
public interface IMessageHandler
{
    /// <summary>
    /// One complete frame (never Ping or Pong, which the connection answers itself). <paramref name="body"/> is
    /// valid only during the call: copy or deserialize it before returning. An exception thrown here is logged and
    /// the connection keeps reading.
    /// </summary>
    void OnMessage(Connection connection, in MessageHeader header, ReadOnlySequence<byte> body);

    /// <summary>
    /// The connection ended; called exactly once per connection, after the last <see cref="OnMessage"/>.
    /// <paramref name="reason"/> is null when this process closed it on purpose, a <see cref="ConnectionClosedException"/>
    /// when the peer closed it, a <see cref="MessagingProtocolException"/> when the peer broke the protocol, or the
    /// socket error.
    /// </summary>
    void OnConnectionClosed(Connection connection, Exception? reason);
}
