using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Tests.Cluster;

/// <summary>Appends log lines of every silo to one file (enabled by GRAINCHAIN_TEST_LOG=path) to diagnose cluster tests.</summary>
internal sealed class FileLoggerProvider(string path, string silo) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, silo, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string silo, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {silo} {logLevel} {category.Split('.').Last()}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}\n";
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
