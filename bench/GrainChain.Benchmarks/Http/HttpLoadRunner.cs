using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace GrainChain.Benchmarks.Http;

/// <summary>What one timed burst of requests gave.</summary>
public sealed record HttpLoadResult(int Requests, TimeSpan Elapsed, double[] LatenciesMs, SortedDictionary<int, int> Statuses, int Failures, string? FirstProblem)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0) return double.NaN;
        var index = (int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(index, 0, LatenciesMs.Length - 1)];
    }

    public bool AllCreated => Failures == 0 && Statuses.Count == 1 && Statuses.ContainsKey(201);

    public string Describe()
    {
        var failures = Failures > 0 ? $", {Failures} transport failures" : "";
        var problem = FirstProblem is null ? "" : $"; first problem: {FirstProblem}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Requests} requests in {Elapsed.TotalSeconds:F2} s = {PerSecond:F0} req/s; latency p50 {Percentile(50):F2} ms, p90 {Percentile(90):F2} ms, p99 {Percentile(99):F2} ms, max {Percentile(100):F1} ms; statuses {string.Join(", ", Statuses.Select(s => $"{s.Key}x{s.Value}"))}{failures}{problem}");
    }
}

/// <summary>
/// Fires pre-signed transfer bodies at <c>/nodes/{node}/transactions/new</c> over C concurrent connections. Worker w
/// owns senders w, w+C, w+2C… and sends round by round, so one sender's nonces arrive in order while C requests are
/// in flight at once. Bodies are pre-serialized byte arrays; latencies go to a preallocated array.
/// </summary>
public static class HttpLoadRunner
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    public static HttpClient CreateClient(int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static async Task<HttpLoadResult> RunAsync(HttpClient client, Uri url, HttpTransferPlan plan, int connections, int fromRound, int toRound)
    {
        var target = new Uri(url, $"/nodes/{plan.Node}/transactions/new");
        toRound = Math.Min(toRound, plan.Bodies.Max(b => b.Length));
        var count = plan.Count(fromRound, toRound);
        var latencies = new long[count];
        var next = -1;
        var statuses = new int[connections][];
        var failures = 0;
        string? problem = null;
        var workers = new Task[connections];
        var start = Stopwatch.GetTimestamp();
        for (var w = 0; w < connections; w++)
        {
            var worker = w;
            statuses[worker] = new int[600];
            workers[worker] = Task.Run(async () =>
            {
                var seen = statuses[worker];
                for (var r = fromRound; r < toRound; r++)
                {
                    for (var s = worker; s < plan.Bodies.Length; s += connections)
                    {
                        var bodies = plan.Bodies[s];
                        if (r >= bodies.Length) continue;
                        var content = new ByteArrayContent(bodies[r]);
                        content.Headers.ContentType = JsonType;
                        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = content };
                        var sent = Stopwatch.GetTimestamp();
                        try
                        {
                            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                            var status = (int)response.StatusCode;
                            if (status is < 0 or >= 600) status = 599;
                            seen[status]++;
                            if (status != 201 && problem is null)
                                Interlocked.CompareExchange(ref problem, $"HTTP {status} {await response.Content.ReadAsStringAsync()}", null);
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            Interlocked.Increment(ref failures);
                            Interlocked.CompareExchange(ref problem, $"{e.GetType().Name}: {e.Message}", null);
                        }

                        latencies[Interlocked.Increment(ref next)] = Stopwatch.GetTimestamp() - sent;
                    }
                }
            });
        }

        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(start);
        var histogram = new SortedDictionary<int, int>();
        foreach (var seen in statuses)
            for (var code = 0; code < seen.Length; code++)
                if (seen[code] > 0) histogram[code] = histogram.GetValueOrDefault(code) + seen[code];
        var ms = latencies.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return new HttpLoadResult(count, elapsed, ms, histogram, failures, problem);
    }
}
