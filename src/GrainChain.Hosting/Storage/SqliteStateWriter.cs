using GrainChain.Hosting.Sqlite;
using Microsoft.Extensions.Logging;

namespace GrainChain.Hosting.Storage;

/// <summary>
/// The one writer of grain state to a SQLite file in this process, with group commit: a dedicated thread takes every
/// queued <see cref="StateCommand"/>, applies them in order in one transaction on its own connection, commits, and
/// only then completes each caller. One COMMIT (one WAL append, durable against a process kill under
/// synchronous=NORMAL) serves many grains, no thread-pool thread ever blocks on SQLite's write lock, and grains never
/// contend for it with each other. See Storage/README.md for the measurements behind this design.
/// </summary>
internal sealed partial class SqliteStateWriter(SqliteDataSource dataSource, ILogger<SqliteStateWriter> logger)
    // Bounds on one transaction: enough to absorb any realistic burst, small enough that a batch of large states
    // does not hold the write lock (and its callers) for long.
    : SqliteGroupCommitWriter<StateCommand, SqliteStateBatch>(dataSource, "GrainChain SQLite state writer", 1024, 16L << 20)
{
    /// <summary>Queues <paramref name="command"/>; the task completes once its batch is committed.</summary>
    public Task<StateOutcome> ApplyAsync(StateCommand command)
    {
        Enqueue(command, "grain state writer");
        return command.Outcome;
    }

    protected override long SizeOf(StateCommand item) => item.Payload?.Length ?? 0;

    protected override SqliteStateBatch OpenSession() => SqliteStateBatch.Open(DataSource);

    protected override void Commit(SqliteStateBatch session, List<StateCommand> batch) => session.Apply(batch);

    protected override void Fail(List<StateCommand> batch, Exception error)
    {
        LogBatchFailed(logger, error, batch.Count, DataSource.FilePath);
        foreach (var command in batch) command.Fail(error);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write {Count} grain states to the SQLite database {File}")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string file);
}
