using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace GrainChain.Runtime.Invocation;

/// <summary>
/// Decides once per type whether values can be shared between caller and grain without a copy: primitives,
/// strings, well-known immutable structs, grain references, [Immutable] types, and readonly structs made only of those.
/// </summary>
internal static class CopyPolicy
{
    private const string ImmutableAttributeName = "GrainChain.Runtime.Serialization.ImmutableAttribute";
    private static readonly ConcurrentDictionary<Type, bool> Cache = new();

    private static readonly HashSet<Type> KnownImmutable =
    [
        typeof(string), typeof(decimal), typeof(Guid), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(Half), typeof(Int128), typeof(UInt128), typeof(BigInteger),
        typeof(Uri), typeof(Version), typeof(VoidResult), typeof(GrainId), typeof(GrainType), typeof(GrainInterfaceType),
        typeof(DeactivationReason),
    ];

    public static bool IsImmutable(Type type) => Cache.GetOrAdd(type, static t => Decide(t, depth: 0));

    private static bool Decide(Type type, int depth)
    {
        if (type.IsPrimitive || type.IsEnum || KnownImmutable.Contains(type) || typeof(Type).IsAssignableFrom(type))
        {
            return true;
        }
        if (typeof(IAddressable).IsAssignableFrom(type) && (type.IsInterface || typeof(GrainReference).IsAssignableFrom(type)))
        {
            return true;
        }
        if (type.GetCustomAttributes(inherit: false).Any(a => a.GetType().FullName == ImmutableAttributeName))
        {
            return true;
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Decide(underlying, depth + 1);
        }
        if (type.IsValueType && depth < 4 && type.IsDefined(typeof(IsReadOnlyAttribute), inherit: false))
        {
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .All(f => Decide(f.FieldType, depth + 1));
        }
        return false;
    }
}

/// <summary>The cached decision of <see cref="CopyPolicy"/> for one type; a constant after tier-up, so no cost per call.</summary>
internal static class CopyPolicy<T>
{
    public static readonly bool IsImmutable = CopyPolicy.IsImmutable(typeof(T));
}
