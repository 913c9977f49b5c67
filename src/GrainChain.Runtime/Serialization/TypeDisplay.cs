namespace GrainChain.Runtime.Serialization;

/// <summary>Short C#-style type names for error messages (List&lt;Int32&gt; rather than assembly-qualified noise).</summary>
internal static class TypeDisplay
{
    public static string Of(Type type)
    {
        if (type.IsSZArray)
        {
            return Of(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(Of)) + ">";
    }
}
