using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>Settings of the in-memory membership table.</summary>
public sealed class InMemoryMembershipOptions
{
    /// <summary>The cluster whose rows this table reads and writes. Default: <c>default</c>.</summary>
    public string ClusterId { get; set; } = "default";

    internal void ThrowIfInvalid()
    {
        if (!MembershipClusterId.IsValid(ClusterId))
        {
            throw new OptionsValidationException(nameof(InMemoryMembershipOptions), typeof(InMemoryMembershipOptions), [$"In-memory membership: {MembershipClusterId.Problem(ClusterId)}"]);
        }
    }
}
