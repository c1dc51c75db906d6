using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// Makes the next explicit-transaction commits fail as if the connection broke: before the commit
/// (nothing stored) or after it (stored, but the caller is told otherwise) — the two sides of an
/// unknown commit outcome. Registered in every test database, idle until armed.
/// </summary>
public sealed class CommitFaults : DbTransactionInterceptor
{
    private int _before;
    private int _after;

    /// <summary>The next <paramref name="times"/> commits fail before they reach the database.</summary>
    public void FailBeforeCommit(int times = 1) => Interlocked.Exchange(ref _before, times);

    /// <summary>The next <paramref name="times"/> commits are made, then reported as a broken connection.</summary>
    public void FailAfterCommit(int times = 1) => Interlocked.Exchange(ref _after, times);

    public void Reset()
    {
        Interlocked.Exchange(ref _before, 0);
        Interlocked.Exchange(ref _after, 0);
    }

    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default) =>
        Take(ref _before) ? throw ConnectionLost(transaction) : ValueTask.FromResult(result);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default) =>
        Take(ref _after) ? throw ConnectionLost(transaction) : Task.CompletedTask;

    private static bool Take(ref int counter)
    {
        while (true)
        {
            var left = Volatile.Read(ref counter);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref counter, left - 1, left) == left) return true;
        }
    }

    /// <summary>What each provider throws when the connection fails under a commit.</summary>
    private static Exception ConnectionLost(DbTransaction transaction) => transaction is SqliteTransaction
        ? new SqliteException("disk I/O error", 10)
        : new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
}
