namespace GrainChain.Grains.Services;

/// <summary>How much block data a silo keeps in memory, beyond the blocks not yet archived (which it must keep).</summary>
public sealed class BlockCacheOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "GrainChain:Blocks";

    /// <summary>Megabytes of archived block bodies kept per chain (least recently used dropped first); 0 keeps none.</summary>
    public int MaxMegabytes { get; set; } = 256;

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxMegabytes < 0)
            throw new ArgumentOutOfRangeException(nameof(MaxMegabytes), MaxMegabytes, "GrainChain:Blocks:MaxMegabytes cannot be negative");
    }
}
