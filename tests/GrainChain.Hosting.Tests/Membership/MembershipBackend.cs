namespace GrainChain.Hosting.Tests.Membership;

/// <summary>
/// A store the membership contract runs against, shared by the tests of one class; each test uses clusters of its
/// own, so the tests never see each other's rows.
/// </summary>
public abstract class MembershipBackend : IAsyncLifetime
{
    /// <summary>A new, initialised connection to <paramref name="clusterId"/>, as a starting silo would have.</summary>
    public abstract Task<MembershipConnection> ConnectAsync(string clusterId);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
