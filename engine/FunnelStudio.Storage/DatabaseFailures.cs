using System.Data.Common;
using FunnelStudio.Saving;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace FunnelStudio.Storage;

/// <summary>
/// Tells the failures of a database call apart: the ones the database reported about a statement
/// (a constraint, a bad value — nothing was written) from the ones where the connection itself
/// failed, after which a write that was on its way may or may not have committed.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>
    /// The database could not be reached or the connection broke (I/O error, timeout, the server
    /// shutting down or terminating the session). A write that failed so has an unknown outcome.
    /// </summary>
    public static bool IsConnectionFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreUnavailableException:
                    return false;
                case PostgresException postgres:
                    // 08: connection exception; 57: operator intervention (terminated, shutting down);
                    // 58 and XX: system and internal errors (I/O). Everything else is about the statement.
                    return postgres.SqlState[..2] is "08" or "57" or "58" or "XX";
                case NpgsqlException:
                    // Not reported by the server: reading or writing the socket failed, or timed out.
                    return true;
                case SqliteException sqlite:
                    // SQLite has no connection to lose; an I/O error at commit is its unknown outcome.
                    return (sqlite.SqliteErrorCode & 0xFF) == 10;
            }
        }
        return false;
    }

    /// <summary>A record with this id is already stored (the records table's primary key).</summary>
    internal static bool IsDuplicateRecord(Exception exception) => IsUniqueViolation(exception, "pk_records", "records.id");

    /// <summary>The user's idempotency key is already stored (by another save).</summary>
    internal static bool IsIdempotencyKeyTaken(Exception exception) =>
        IsUniqueViolation(exception, "pk_idempotency_keys", "idempotency_keys.user_id");

    private static bool IsUniqueViolation(Exception exception, string constraint, string sqliteColumn) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == constraint,
        // SQLite names the columns: "UNIQUE constraint failed: records.id".
        SqliteException { SqliteErrorCode: 19 } sqlite => sqlite.Message.Contains($": {sqliteColumn}", StringComparison.Ordinal),
        DbException { InnerException: { } inner } => IsUniqueViolation(inner, constraint, sqliteColumn),
        _ => false,
    };
}
