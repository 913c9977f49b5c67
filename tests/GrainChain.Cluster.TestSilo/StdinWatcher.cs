using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GrainChain.Cluster.TestSilo;

/// <summary>
/// Stops the host when standard input ends: the parent closes the pipe to ask for a graceful stop, and a parent that
/// dies closes it too, so an orphaned test silo does not outlive its test run.
/// </summary>
internal static class StdinWatcher
{
    public static void StopHostWhenStdinCloses(IHostApplicationLifetime lifetime, ILogger logger)
    {
        // A dedicated background thread: the read blocks, and it must not hold a thread-pool thread or the exit.
        var thread = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (IOException)
            {
            }
            logger.LogInformation("Standard input closed: stopping the silo");
            lifetime.StopApplication();
        })
        {
            IsBackground = true,
            Name = "stdin watcher",
        };
        thread.Start();
    }
}
