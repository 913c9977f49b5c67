using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Tests.Messaging;

/// <summary>Keeps every log entry so tests can wait for a specific structured message.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource<LogEntry> Done)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>Completes with the first entry (past or future) that <paramref name="match"/> accepts.</summary>
    public Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match)
    {
        var done = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _entries.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }
            _waiters.Add((match, done));
        }
        return done.Task.WaitAsync(TestWait.Safety);
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private void Add(LogEntry entry)
    {
        List<TaskCompletionSource<LogEntry>> matched = [];
        lock (_gate)
        {
            _entries.Enqueue(entry);
            for (int i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(entry))
                {
                    matched.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var done in matched)
        {
            done.TrySetResult(entry);
        }
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEntry(category, logLevel, eventId.Id, formatter(state, exception)));
    }
}

internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message);
