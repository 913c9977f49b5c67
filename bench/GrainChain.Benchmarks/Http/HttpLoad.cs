using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GrainChain.Ledger.Wallets;

namespace GrainChain.Benchmarks.Http;

/// <summary>
/// <c>http [tx|resolve|all] ...</c>: the issue's two HTTP figures, measured over loopback against a real
/// <c>grainchain-silo</c> process (started here on SQLite or memory, or given by <c>--url</c>).
/// <list type="bullet">
/// <item><c>tx</c>: per run a fresh test-profile node, S funded senders and N pre-signed transfers, fired at
/// <c>POST /nodes/{node}/transactions/new</c> over C connections after a warm-up; req/s, latency percentiles and the
/// status histogram (every answer must be 201), then the node's pending count as a check. <c>--wrk</c> repeats
/// each run with wrk.</item>
/// <item><c>resolve</c>: node A mines B blocks; per run a fresh node B registers A (<c>POST /nodes/B/nodes/register</c>,
/// which starts a catch-up by itself) and <c>GET /nodes/B/nodes/resolve</c> is called until it answers with A's
/// length; it prints register → resolve at the tip, then a second resolve (nothing left to fetch).</item>
/// </list>
/// </summary>
public static partial class HttpLoad
{
    public static int Run(string[] args)
    {
        HttpLoadOptions options;
        try
        {
            options = HttpLoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        return RunAsync(options).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(HttpLoadOptions options)
    {
        var target = options.Url is null ? $"own silo on {options.Backend}" : $"gateway {options.Url}";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"http load: {options.Scenario}; {Environment.ProcessorCount} cores, .NET {Environment.Version}; {target}"));
        SiloProcess? silo = null;
        try
        {
            var url = options.Url;
            if (url is null)
            {
                var clock = Stopwatch.StartNew();
                silo = await SiloProcess.StartAsync(options.SiloDll, options.Backend, options.KeepData, TimeSpan.FromSeconds(60));
                url = silo.Url;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"grainchain-silo pid {silo.ProcessId} up at {url} in {clock.Elapsed.TotalSeconds:F1} s (data in {silo.Folder})"));
            }

            using var gateway = new GatewayClient(url);
            var ok = true;
            if (options.Scenario is "tx" or "all") ok &= await TransactionsAsync(gateway, options);
            if (options.Scenario is "resolve" or "all") ok &= await ResolveAsync(gateway, options);
            return ok ? 0 : 1;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or FileNotFoundException)
        {
            Console.Error.WriteLine($"http load failed: {e.Message}");
            return 1;
        }
        finally
        {
            if (silo is not null) await silo.DisposeAsync();
        }
    }

    private static async Task<bool> TransactionsAsync(GatewayClient gateway, HttpLoadOptions options)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"POST /nodes/{{node}}/transactions/new: {options.Transactions} transfers from {options.Senders} senders over {options.Connections} connections, " +
            $"{options.WarmupRounds} warm-up rounds, {options.Runs} runs"));
        var wrk = options.Wrk && WrkRunner.IsInstalled();
        if (options.Wrk && !wrk) Console.WriteLine("  wrk is not installed (apt-get install wrk): skipping the wrk runs");
        var ok = true;
        var rates = new List<double>();
        var wrkRates = new List<string>();
        using var client = HttpLoadRunner.CreateClient(options.Connections);
        for (var run = 1; run <= options.Runs; run++)
        {
            Console.WriteLine($"run {run}:");
            var node = $"tx-{run}-{Guid.NewGuid():N}"[..16];
            var plan = await HttpTransferPlan.PrepareAsync(gateway, node, options.Senders, options.Transactions, options.WarmupRounds);
            if (options.WarmupRounds > 0)
            {
                var warm = await HttpLoadRunner.RunAsync(client, gateway.Url, plan, options.Connections, 0, options.WarmupRounds);
                Console.WriteLine($"  warm-up:  {warm.Describe()}");
                ok &= warm.AllCreated;
            }

            var result = await HttpLoadRunner.RunAsync(client, gateway.Url, plan, options.Connections, options.WarmupRounds, int.MaxValue);
            Console.WriteLine($"  measured: {result.Describe()}");
            ok &= result.AllCreated;
            rates.Add(result.PerSecond);
            var pending = (await gateway.StatusAsync(node)).GetProperty("pendingTransactions").GetInt32();
            var expected = plan.Count(0, int.MaxValue);
            Console.WriteLine($"  node {node} holds {pending} pending transfers (expected {expected})");
            ok &= pending == expected;

            if (wrk)
            {
                var wrkNode = $"wrk-{run}-{Guid.NewGuid():N}"[..16];
                var wrkPlan = await HttpTransferPlan.PrepareAsync(gateway, wrkNode, options.Senders, options.Transactions, options.WarmupRounds);
                if (options.WarmupRounds > 0)
                    await HttpLoadRunner.RunAsync(client, gateway.Url, wrkPlan, options.Connections, 0, options.WarmupRounds);
                // Long enough to measure, short enough not to run out of bodies at the client's rate plus a margin.
                var seconds = Math.Clamp((int)(0.6 * options.Transactions / Math.Max(1, result.PerSecond)), 2, 30);
                var output = await WrkRunner.RunAsync(gateway.Url, wrkPlan, options.WrkThreads, options.Connections, seconds, options.WarmupRounds);
                var rate = RequestsPerSecond().Match(output) is { Success: true } m ? m.Groups[1].Value : "?";
                var non2xx = Non2xx().Match(output) is { Success: true } n ? n.Groups[1].Value : "0";
                var wrkPending = (await gateway.StatusAsync(wrkNode)).GetProperty("pendingTransactions").GetInt32();
                Console.WriteLine($"  wrk -t{options.WrkThreads} -c{options.Connections} -d{seconds}s: {rate} req/s, non-2xx {non2xx}; node {wrkNode} holds {wrkPending} pending");
                foreach (var line in output.Split('\n').Where(l => l.Contains("Latency", StringComparison.Ordinal) || Percentile().IsMatch(l) || l.Contains("requests in", StringComparison.Ordinal)))
                    Console.WriteLine($"    wrk: {line.Trim()}");
                wrkRates.Add($"{rate}{(non2xx != "0" ? $" (non-2xx {non2xx})" : "")}");
            }
        }

        var wrkSummary = wrkRates.Count > 0 ? $"; wrk: {string.Join(" | ", wrkRates)} req/s" : "";
        Console.WriteLine(
            $"transactions/new, client: {string.Join(" | ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))} req/s{wrkSummary}" +
            (ok ? "" : "  (SOME ANSWERS WERE NOT 201)"));
        return ok;
    }

    private static async Task<bool> ResolveAsync(GatewayClient gateway, HttpLoadOptions options)
    {
        Console.WriteLine($"GET /nodes/{{B}}/nodes/resolve against a peer {options.Blocks} blocks ahead, {options.ResolveRuns} runs");
        var ok = true;
        var ahead = $"res-a-{Guid.NewGuid():N}"[..16];
        using var minerKey = KeyPair.Generate();
        await gateway.CreateNodeAsync(ahead, minerKey.Address);
        var clock = Stopwatch.StartNew();
        await gateway.MineAsync(ahead, options.Blocks);
        var height = (await gateway.StatusAsync(ahead)).GetProperty("height").GetInt64();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  node {ahead} mined {options.Blocks} blocks in {clock.Elapsed.TotalSeconds:F1} s (height {height})"));
        var length = height + 1;
        var totals = new List<double>();
        for (var run = 1; run <= options.ResolveRuns; run++)
        {
            var behind = $"res-b-{run}-{Guid.NewGuid():N}"[..16];
            using var key = KeyPair.Generate();
            await gateway.CreateNodeAsync(behind, key.Address);
            var start = Stopwatch.StartNew();
            using (var response = await gateway.Http.PostAsync($"/nodes/{behind}/nodes/register",
                       GatewayClient.Json(new JsonObject { ["nodes"] = new JsonArray(ahead) })))
            {
                await GatewayClient.ExpectAsync(response, $"register {ahead} on {behind}", HttpStatusCode.Created);
            }

            var registered = start.Elapsed;
            var calls = new List<string>();
            (string Message, long Length, long Bytes) answer;
            do
            {
                var call = Stopwatch.StartNew();
                answer = await SeedResolveAsync(gateway, behind);
                calls.Add(string.Create(CultureInfo.InvariantCulture, $"'{answer.Message}' length {answer.Length} ({answer.Bytes / 1e6:F1} MB) in {call.Elapsed.TotalSeconds:F2} s"));
            }
            while (answer.Length < length && start.Elapsed < TimeSpan.FromMinutes(2));

            var total = start.Elapsed;
            ok &= answer.Length == length;
            totals.Add(total.TotalSeconds);
            var again = Stopwatch.StartNew();
            var second = await SeedResolveAsync(gateway, behind);
            var secondTime = again.Elapsed;
            again.Restart();
            using (var response = await gateway.Http.PostAsync($"/api/nodes/{behind}/resolve", null))
                await GatewayClient.ExpectAsync(response, $"resolve {behind}", HttpStatusCode.OK);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  run {run}: register {registered.TotalSeconds:F2} s; resolve calls: {string.Join("; ", calls)}; register -> resolve at length {answer.Length}: {total.TotalSeconds:F2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"         a second GET resolve (in sync): '{second.Message}' in {secondTime.TotalSeconds:F2} s; POST /api/nodes/{{B}}/resolve (no chain in the answer): {again.Elapsed.TotalSeconds:F2} s"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"resolve {options.Blocks} blocks behind, register -> resolve at the tip: {string.Join(" | ", totals.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} s"));
        return ok;
    }

    private static async Task<(string Message, long Length, long Bytes)> SeedResolveAsync(GatewayClient gateway, string node)
    {
        using var response = await gateway.Http.GetAsync($"/nodes/{node}/nodes/resolve");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"resolve on {node}: HTTP {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        return (root.GetProperty("message").GetString() ?? "", root.GetProperty("length").GetInt64(), bytes.LongLength);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"^\s+(50|90|99)%")]
    private static partial Regex Percentile();
}
