using Microsoft.Extensions.Options;

namespace GrainChain.Runtime.Membership;

/// <summary>Lets the options system reject bad <see cref="ClusterMembershipOptions"/> at start-up (register with ValidateOnStart).</summary>
public sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
