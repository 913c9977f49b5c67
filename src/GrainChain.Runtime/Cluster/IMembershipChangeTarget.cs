namespace GrainChain.Runtime.Cluster;

/// <summary>
/// One silo's ear for membership changes, called by the silo that just changed the table: a system target keyed by
/// the silo's address (<see cref="MembershipChangeTargetGrain"/>).
/// </summary>
internal interface IMembershipChangeTarget : IGrainWithStringKey
{
    /// <summary>
    /// The table reached <paramref name="version"/>: this silo reads it now unless its view is already that new, and
    /// answers once it has. The caller is not trusted: the call can only cause a table read, never change the view.
    /// </summary>
    Task TableChangedAsync(long version);
}
