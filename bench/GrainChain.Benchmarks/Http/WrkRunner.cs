using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// The same transfers fired by <c>wrk</c> (Debian's package) with a Lua script: thread t of T reads its own file of
/// bodies (the senders s with s mod T = t, round by round), so a sender's next nonce is sent only after all its
/// thread's other senders had a turn. Once a thread runs out it sends <c>{}</c>, which the gateway answers 400: wrk
/// then counts it among the non-2xx answers, which is how an exhausted run shows.
/// </summary>
public static class WrkRunner
{
    public static bool IsInstalled() => FindWrk() is not null;

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    public static async Task<string> RunAsync(Uri url, HttpTransferPlan plan, int threads, int connections, int seconds, int fromRound)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"grainchain-wrk-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            for (var t = 0; t < threads; t++)
            {
                await using var file = new FileStream(Path.Combine(folder, $"bodies-{t}.txt"), FileMode.Create);
                var rounds = plan.Bodies.Max(b => b.Length);
                for (var r = fromRound; r < rounds; r++)
                {
                    for (var s = t; s < plan.Bodies.Length; s += threads)
                    {
                        if (r >= plan.Bodies[s].Length) continue;
                        await file.WriteAsync(plan.Bodies[s][r]);
                        file.WriteByte((byte)'\n');
                    }
                }
            }

            var script = Path.Combine(folder, "transfers.lua");
            await File.WriteAllTextAsync(script, Script(folder, $"/nodes/{plan.Node}/transactions/new"), Encoding.UTF8);
            var start = new ProcessStartInfo(FindWrk() ?? "wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
                     {
                         "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{seconds}s", "--latency", "-s", script, url.ToString(),
                     })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (await output) + (await error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Script(string folder, string path) => $$"""
        -- GrainChain http load: pre-signed transfers, one file of bodies per wrk thread.
        local next_id = 0
        function setup(thread)
          thread:set("id", next_id)
          next_id = next_id + 1
        end

        function init(args)
          bodies = {}
          for line in io.lines("{{folder}}/bodies-" .. id .. ".txt") do
            bodies[#bodies + 1] = line
          end
          sent = 0
          headers = { ["Content-Type"] = "application/json" }
        end

        function request()
          sent = sent + 1
          local body = bodies[sent] or "{}"
          return wrk.format("POST", "{{path}}", headers, body)
        end
        """;
}
