using System.Runtime.InteropServices;

namespace GrainChain.Benchmarks.Load;

/// <summary>
/// Sub-millisecond sleeps for the open-loop driver. <see cref="Thread.Sleep(int)"/> only takes whole milliseconds, so
/// a driver built on it releases a millisecond's calls in one burst and measures its own lateness; on Linux this
/// calls nanosleep with the thread's timer slack cut to 1 µs, elsewhere it falls back to whole milliseconds.
/// </summary>
internal static partial class PreciseSleep
{
    private const int PrSetTimerSlack = 29;

    /// <summary>True when sleeps shorter than a millisecond are honoured on this platform.</summary>
    public static bool IsPrecise => OperatingSystem.IsLinux();

    /// <summary>Call once on the sleeping thread: the kernel's default 50 µs slack would dwarf short sleeps.</summary>
    public static void PrepareCurrentThread()
    {
        if (IsPrecise)
        {
            _ = Prctl(PrSetTimerSlack, 1000, 0, 0, 0);
        }
    }

    public static void Sleep(long microseconds)
    {
        if (!IsPrecise)
        {
            Thread.Sleep(TimeSpan.FromMicroseconds(Math.Max(1000, microseconds)));
            return;
        }
        var request = new TimeSpec { Seconds = microseconds / 1_000_000, Nanoseconds = microseconds % 1_000_000 * 1000 };
        _ = NanoSleep(in request, IntPtr.Zero);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "nanosleep", SetLastError = true)]
    private static partial int NanoSleep(in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
}
