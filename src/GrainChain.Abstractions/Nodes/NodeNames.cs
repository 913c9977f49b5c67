namespace GrainChain.Abstractions.Nodes;

/// <summary>
/// What a node may be called: 1 to 64 letters, digits, '.', '_' or '-'. Names appear in URLs, stream ids and the
/// key of each peer link ("{node}->{peer}"), so anything that would need escaping there is refused up front.
/// </summary>
public static class NodeNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;
        foreach (var c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) return false;
        return true;
    }

    /// <summary>What is wrong with <paramref name="name"/> as a node name, in one sentence for the user; null if nothing.</summary>
    public static string? Problem(string? name) =>
        IsValid(name) ? null : $"'{name}' is not a node name: use 1 to {MaxLength} letters, digits, '.', '_' or '-'";

    /// <summary>Throws an <see cref="ArgumentException"/> naming <paramref name="parameter"/> unless the name is valid.</summary>
    public static void Validate(string? name, string parameter)
    {
        if (Problem(name) is { } problem) throw new ArgumentException(problem, parameter);
    }

    /// <summary>The key of the link grain through which <paramref name="node"/> follows <paramref name="peer"/>.</summary>
    public static string LinkKey(string node, string peer) => node + "->" + peer;

    /// <summary>Splits a link key; '>' never occurs in a node name, so the first one ends the separator.</summary>
    public static (string Node, string Peer) ParseLinkKey(string key)
    {
        var arrow = key.IndexOf('>', StringComparison.Ordinal);
        if (arrow < 2 || key[arrow - 1] != '-' || arrow == key.Length - 1)
            throw new ArgumentException($"'{key}' is not a peer link key of the form node->peer", nameof(key));
        return (key[..(arrow - 1)], key[(arrow + 1)..]);
    }
}
