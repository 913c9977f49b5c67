namespace GrainChain.Runtime.Storage;

/// <summary>
/// Table names come from configuration and are spliced into SQL (they cannot be parameters), so only plain
/// identifiers are accepted: a letter or underscore, then letters, digits or underscores, at most 63 characters.
/// </summary>
internal static class StorageTableName
{
    public const int MaxLength = 63;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The name as a quoted SQL identifier; call only after <see cref="IsValid"/> accepted it.</summary>
    public static string Quote(string name) => '"' + name + '"';
}
