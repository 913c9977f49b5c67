namespace GrainChain.Runtime.Timers;

/// <summary>A timer whose ticks run as turns of its grain; disposing it (or deactivation) stops it.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Re-arms the timer: next tick after <paramref name="dueTime"/>, then every <paramref name="period"/> (infinite: once).</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
