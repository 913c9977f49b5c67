using System.Text;
using System.Text.RegularExpressions;

namespace GrainChain.Cli.Tests;

/// <summary>
/// <c>grainchain watch</c> against a silo of its own (a class fixture, not the shared collection's): nothing else
/// mines there, so the tips a watch counts are the test's.
/// </summary>
public sealed class WatchCommandTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private string[] Args(params string[] args) => [.. args, "--config", cluster.ConfigPath];

    private async Task<string> CreateNodeAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..16];
        var created = await CliRunner.RunAsync(Args("node", "create", name, "--profile", "test", "--miner", new string('0', 40)));
        Assert.True(created.ExitCode == 0, created.Errors);
        return name;
    }

    private async Task MineAsync(string node)
    {
        var mined = await CliRunner.RunAsync(Args("mine", node));
        Assert.True(mined.ExitCode == 0, mined.Errors);
    }

    /// <summary>Starts a watch in-process and waits until it says it is watching (its subscription is in place).</summary>
    private async Task<(Task<int> Run, LineWriter Output, StringWriter Errors)> StartWatchAsync(CancellationToken cancellation, params string[] args)
    {
        var output = new LineWriter();
        var errors = new StringWriter();
        var run = Program.RunAsync(Args(["watch", .. args]), output, errors, cancellation);
        var watching = output.WaitForLineAsync(line => line.StartsWith("watching new tips", StringComparison.Ordinal));
        var first = await Task.WhenAny(watching, run).WaitAsync(Patience);
        Assert.True(first == watching, $"watch ended before watching: exit {(run.IsCompleted ? run.Result : -1)}\n{errors}\n{output}");
        return (run, output, errors);
    }

    [Fact]
    public async Task A_watch_whose_cluster_goes_away_says_so_and_exits_1()
    {
        var own = new ClusterFixture();
        await own.InitializeAsync();
        var output = new LineWriter();
        var errors = new StringWriter();
        Task<int> run;
        try
        {
            run = Program.RunAsync(["watch", "--config", own.ConfigPath], output, errors);
            var watching = output.WaitForLineAsync(line => line.StartsWith("watching new tips", StringComparison.Ordinal));
            Assert.True(await Task.WhenAny(watching, run).WaitAsync(Patience) == watching, $"{errors}\n{output}");
        }
        finally
        {
            await own.DisposeAsync();
        }

        var exit = await run.WaitAsync(Patience);
        Assert.True(exit == 1, $"exit {exit}\n{errors}\n{output}");
        Assert.Contains("error: lost the GrainChain cluster", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_with_a_count_prints_new_tips_of_two_nodes_then_exits_0()
    {
        var (alpha, beta) = (await CreateNodeAsync("alpha"), await CreateNodeAsync("beta"));
        var (run, output, errors) = await StartWatchAsync(CancellationToken.None, "--count", "2");
        // The current tips come first, so a user sees every node at once.
        Assert.Matches($@"(?m)^\S+  {alpha}  height 0  [0-9a-f]{{64}}  current$", output.Lines);
        Assert.Matches($@"(?m)^\S+  {beta}  height 0  [0-9a-f]{{64}}  current$", output.Lines);

        await MineAsync(alpha);
        await MineAsync(beta);

        var exit = await run.WaitAsync(Patience);
        Assert.True(exit == 0, $"exit {exit}\n{errors}\n{output}");
        Assert.Matches($@"(?m)^\S+  {alpha}  height 1  [0-9a-f]{{64}}  1 txs$", output.Lines);
        Assert.Matches($@"(?m)^\S+  {beta}  height 1  [0-9a-f]{{64}}  1 txs$", output.Lines);
    }

    [Fact]
    public async Task Watching_one_node_runs_until_cancelled_and_exits_0()
    {
        var (watched, other) = (await CreateNodeAsync("watched"), await CreateNodeAsync("other"));
        using var interrupt = new CancellationTokenSource();
        var (run, output, errors) = await StartWatchAsync(interrupt.Token, "--node", watched);
        Assert.Matches($@"(?m)^\S+  {watched}  height 0  [0-9a-f]{{64}}  current$", output.Lines);

        var tip = output.WaitForLineAsync(line => line.Contains($"  {watched}  height 1  ", StringComparison.Ordinal));
        await MineAsync(other);
        await MineAsync(watched);
        await tip.WaitAsync(Patience);

        // What Ctrl-C does to the command's token.
        await interrupt.CancelAsync();
        var exit = await run.WaitAsync(Patience);
        Assert.True(exit == 0, $"exit {exit}\n{errors}\n{output}");
        Assert.Matches($@"(?m)^\S+  {watched}  height 1  [0-9a-f]{{64}}  1 txs$", output.Lines);
        Assert.DoesNotContain(other, output.Lines);
    }

    [Fact]
    public async Task Watching_an_unknown_node_is_an_error()
    {
        var result = await CliRunner.RunAsync(Args("watch", "--node", "no-such-node"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("there is no node named 'no-such-node'", result.Errors);
        Assert.DoesNotContain("watching", result.Output);
    }

    /// <summary>A console output that tests can wait on, line by line (the watch writes while the test reads).</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _lock = new();
        private readonly StringBuilder _all = new();
        private readonly StringBuilder _line = new();
        private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];
        private readonly List<string> _lines = [];

        public override Encoding Encoding => Encoding.UTF8;

        /// <summary>The complete lines written so far, as one string (one line per line) for regular expressions.</summary>
        public string Lines
        {
            get
            {
                lock (_lock) return string.Join('\n', _lines);
            }
        }

        public override void Write(char value)
        {
            lock (_lock)
            {
                _all.Append(value);
                if (value == '\r') return;
                if (value != '\n')
                {
                    _line.Append(value);
                    return;
                }

                var line = _line.ToString();
                _line.Clear();
                _lines.Add(line);
                foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                {
                    _waiters.Remove(waiter);
                    waiter.Seen.TrySetResult();
                }
            }
        }

        /// <summary>Completes when a line matching <paramref name="match"/> has been written (already, or later).</summary>
        public Task WaitForLineAsync(Func<string, bool> match)
        {
            lock (_lock)
            {
                if (_lines.Any(match)) return Task.CompletedTask;
                var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, seen));
                return seen.Task;
            }
        }

        public override string ToString()
        {
            lock (_lock) return _all.ToString();
        }
    }
}
