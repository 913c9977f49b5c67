namespace GrainChain.Runtime.Streams;

/// <summary>
/// Subscribes a grain class to every stream of a namespace: the grain whose key equals the stream key receives the
/// stream's events, activated on demand. The grain attaches its observer in OnActivateAsync through the stream's
/// subscription handles (or SubscribeAsync, which returns the implicit handle).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class ImplicitStreamSubscriptionAttribute(string streamNamespace) : Attribute
{
    public string Namespace { get; } = streamNamespace ?? throw new ArgumentNullException(nameof(streamNamespace));
}
