using System.Threading.Channels;
using GrainChain.Hosting.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// The writer of grain state to a PostgreSQL database for this process, with group commit: a loop takes every queued
/// <see cref="StateCommand"/> and applies them as one <see cref="PostgresStateBatch"/>, completing each caller only
/// after the COMMIT. When the server rejects a batch (and so rolls it back), its commands are retried one by one so
/// that one bad command fails alone; any other failure (unreachable server, a connection lost perhaps during the
/// COMMIT, when the outcome is unknown) fails the whole batch.
/// </summary>
internal sealed partial class PostgresStateWriter : IAsyncDisposable
{
    private const int MaxBatchCommands = 512;
    private const long MaxBatchBytes = 16L << 20;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Channel<StateCommand> _queue = Channel.CreateUnbounded<StateCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public PostgresStateWriter(NpgsqlDataSource dataSource, ILogger<PostgresStateWriter> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    public Task<StateOutcome> ApplyAsync(StateCommand command)
    {
        if (!_queue.Writer.TryWrite(command))
            throw new ObjectDisposedException(nameof(PostgresStateWriter), "the PostgreSQL grain state writer has stopped");
        return command.Outcome;
    }

    /// <summary>Applies what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<StateCommand>();
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            long bytes = 0;
            while (batch.Count < MaxBatchCommands && bytes < MaxBatchBytes && _queue.Reader.TryRead(out var command))
            {
                batch.Add(command);
                bytes += command.Payload?.Length ?? 0;
            }

            await ApplyAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task ApplyAsync(List<StateCommand> batch)
    {
        try
        {
            var outcomes = await PostgresStateBatch.ApplyAsync(_dataSource, batch).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++) batch[i].Complete(outcomes[i]);
        }
        catch (PostgresException e) when (batch.Count > 1)
        {
            // The server refused something and rolled the transaction back: nothing was written. Find the culprit.
            LogBatchRetried(_logger, e, batch.Count, Describe());
            foreach (var command in batch) await ApplyAsync([command]).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Unreachable server, broken connection: possibly at COMMIT, when the outcome is unknown. Fail them all.
            LogBatchFailed(_logger, e, batch.Count, Describe());
            foreach (var command in batch) command.Fail(e);
        }
    }

    private string Describe() => PostgresDataSources.Describe(_dataSource.ConnectionString);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Database} rejected a batch of {Count} grain state writes; retrying them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count, string database);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} grain states to {Database}")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string database);
}
