namespace GrainChain.Runtime.GrainDirectory;

/// <summary>
/// One silo's directory partition as other silos call it. Keyed by the silo's address text
/// (<see cref="RemoteGrainDirectoryKey"/>), so the router delivers each call to exactly that silo.
/// </summary>
internal interface IRemoteGrainDirectory : IGrainWithStringKey
{
    /// <summary>Registers the activation unless another live one is registered; returns the winner.</summary>
    ValueTask<GrainAddress> RegisterAsync(GrainAddress address);

    /// <summary>The registered activation of the grain, or null.</summary>
    ValueTask<GrainAddress?> LookupAsync(GrainId grainId);

    /// <summary>Removes the entry only when it is exactly this activation; true when removed.</summary>
    ValueTask<bool> UnregisterAsync(GrainAddress address);

    /// <summary>Registers each address as <see cref="RegisterAsync"/> does; returns the winners in the same order.</summary>
    ValueTask<GrainAddress[]> RegisterManyAsync(GrainAddress[] addresses);
}
