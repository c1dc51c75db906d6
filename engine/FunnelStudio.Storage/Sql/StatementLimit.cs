using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace FunnelStudio.Storage.Sql;

/// <summary>
/// A time limit on the statements run over one open connection. Its <see cref="Token"/> is
/// cancelled when the limit passes (or the caller cancels); PostgreSQL then gets Npgsql's cancel
/// request. SQLite does not watch tokens while a statement steps, so on SQLite a progress handler
/// looks at the clock every few hundred VM steps and aborts the statement (SQLITE_INTERRUPT) once
/// the deadline has passed. Neither a timer-driven <c>sqlite3_interrupt</c> nor the token is enough
/// there: SQLite clears an interrupt when a statement starts, so one fired while the statement was
/// being prepared was lost; and the timer needs a free thread-pool thread, which a busy 2-core
/// machine may not have while SQLite steps synchronously on one. The handler is removed on
/// disposal, because the connection goes back to the pool.
/// </summary>
internal sealed class StatementLimit : IDisposable
{
    private const int StepsBetweenChecks = 500;

    private readonly CancellationTokenSource _limit;
    private readonly long _deadline;
    private readonly SqliteConnection? _sqlite;

    private StatementLimit(CancellationTokenSource limit, long deadline, SqliteConnection? sqlite)
    {
        _limit = limit;
        _deadline = deadline;
        _sqlite = sqlite;
    }

    public CancellationToken Token => _limit.Token;

    /// <summary>True when the limit, not the caller, stopped the work.</summary>
    public bool Expired(CancellationToken caller) =>
        !caller.IsCancellationRequested && (_limit.IsCancellationRequested || Stopwatch.GetTimestamp() >= _deadline);

    /// <summary>
    /// Throws <see cref="TimeoutException"/> when the limit passed before the work finished. A cancel
    /// request races a statement that is about to end, and the result must not depend on who wins:
    /// work that ran past its limit is reported as such even when its statement got to finish.
    /// </summary>
    public void ThrowIfExpired(CancellationToken caller)
    {
        if (Expired(caller)) throw new TimeoutException("The statement ran past its time limit.");
    }

    public static StatementLimit Start(DbConnection connection, TimeSpan limit, CancellationToken caller)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var sqlite = connection as SqliteConnection;
        if (sqlite?.Handle is { } handle)
        {
            var token = source.Token;
            SQLitePCL.raw.sqlite3_progress_handler(handle, StepsBetweenChecks,
                _ => token.IsCancellationRequested || Stopwatch.GetTimestamp() >= deadline ? 1 : 0, null);
        }
        source.CancelAfter(limit);
        return new StatementLimit(source, deadline, sqlite);
    }

    public void Dispose()
    {
        if (_sqlite?.Handle is { } handle) SQLitePCL.raw.sqlite3_progress_handler(handle, 0, null, null);
        _limit.Dispose();
    }
}
