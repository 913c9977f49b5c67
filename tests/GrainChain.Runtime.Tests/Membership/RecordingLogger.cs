using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Tests.Membership;

/// <summary>A logger that keeps every entry, so tests can check that a failure was reported rather than thrown.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyList<LogRecord> Records => [.. _records];

    public IEnumerable<LogRecord> WithEventId(int eventId) => Records.Where(record => record.EventId == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _records.Enqueue(new LogRecord(logLevel, eventId.Id, formatter(state, exception), exception));
}

/// <summary>One log entry as written.</summary>
internal sealed record LogRecord(LogLevel Level, int EventId, string Message, Exception? Exception);
