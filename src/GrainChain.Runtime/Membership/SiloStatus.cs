namespace GrainChain.Runtime.Membership;

/// <summary>Where a silo is in its life; the numbers are stored in tables, so they never change.</summary>
public enum SiloStatus
{
    /// <summary>Started and announced itself, not yet serving.</summary>
    Joining = 1,

    /// <summary>Serving calls and owning directory ranges.</summary>
    Active = 2,

    /// <summary>Stopping gracefully: hands off its work, takes no new activations.</summary>
    ShuttingDown = 3,

    /// <summary>Declared dead by itself or by enough votes; a silo that reads this about itself stops.</summary>
    Dead = 4,
}
