using Microsoft.Extensions.Logging;

namespace GrainChain.Runtime.Storage;

/// <summary>Structured log messages shared by the grain stores.</summary>
internal static partial class GrainStorageLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Grain store {StoreName} opened SQLite database {Path} (journal mode {JournalMode})")]
    public static partial void SqliteOpened(this ILogger logger, string storeName, string path, string journalMode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Grain store {StoreName}: SQLite database {Path} runs in journal mode {JournalMode}, not WAL; readers will block writers")]
    public static partial void SqliteNotWal(this ILogger logger, string storeName, string path, string journalMode);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Grain store {StoreName} ensured PostgreSQL table {TableName} on {Location}")]
    public static partial void PostgresReady(this ILogger logger, string storeName, string tableName, string location);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Debug, Message = "Grain store {StoreName} rejected {Operation} of {StateName}/{GrainId}: expected ETag {ExpectedETag}, found {CurrentETag}")]
    public static partial void ETagConflict(this ILogger logger, string storeName, string operation, string stateName, string grainId, string? expectedETag, string? currentETag);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Grain store {StoreName} failed")]
    public static partial void StoreFailed(this ILogger logger, Exception exception, string storeName);
}
