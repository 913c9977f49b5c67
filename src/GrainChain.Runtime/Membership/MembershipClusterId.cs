namespace GrainChain.Runtime.Membership;

/// <summary>Rules for cluster ids, which key every stored row: non-empty, printable, bounded.</summary>
internal static class MembershipClusterId
{
    public const int MaxLength = 128;

    public static bool IsValid(string? clusterId) =>
        !string.IsNullOrWhiteSpace(clusterId) && clusterId.Length <= MaxLength && !clusterId.Any(char.IsControl);

    public static string Problem(string? clusterId) =>
        $"ClusterId '{clusterId}' must be 1-{MaxLength} printable characters.";

    public static void ThrowIfInvalid(string? clusterId)
    {
        if (!IsValid(clusterId))
        {
            throw new ArgumentException(Problem(clusterId), nameof(clusterId));
        }
    }
}
