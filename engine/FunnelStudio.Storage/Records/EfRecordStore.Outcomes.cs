using FunnelStudio.Saving;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// Finding out what a write did when its connection broke on the way (see README, "Unknown commit
/// outcomes"): the record ids are made before the insert and an update writes its own time and
/// author, so a lookup on a new connection tells whether it was stored.
/// </summary>
public sealed partial class EfRecordStore
{
    /// <summary>
    /// One save on its own connection. If the connection breaks on the way, whether it committed is
    /// unknown: <see cref="FindWrittenAsync"/> looks for the write (a create's id, an update's time and
    /// author) — found, the save succeeded; not found, it is sent again, at most
    /// <see cref="CreateBatches.MaxAttempts"/> times (an update still carries its version check,
    /// so a second attempt can only pass if nothing changed meanwhile). When the database cannot be
    /// reached to tell, <see cref="DatabaseUnavailableException"/>. The save's outbox messages share its
    /// transaction, so the same answer covers them: found stored, they are stored too and are not sent
    /// again; not found, none of them is, and the next attempt sends them with the record.
    /// </summary>
    private async Task<StoredRecord> WriteAsync(PersistRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(request, cancellationToken);
            }
            catch (Exception e) when (e is not StoreUnavailableException && !cancellationToken.IsCancellationRequested
                && (DatabaseFailures.IsConnectionFailure(e) || attempt > 1 && request.IsNew && DatabaseFailures.IsDuplicateRecord(e)))
            {
                if (await FindWrittenAsync(request) is { } version) return Stored(request.Record, version);
                if (attempt >= CreateBatches.MaxAttempts)
                    throw new DatabaseUnavailableException(
                        "The connection to the database broke each time the save was sent, and it was not found stored.", e);
            }
        }
    }

    /// <summary>
    /// After a write whose connection broke: its record's row version if the write is stored, else
    /// null. A create is found by its id (made before the insert); an update by its time and author,
    /// which only it wrote.
    /// </summary>
    private Task<long?> FindWrittenAsync(PersistRequest request) => FindOutAsync(async () =>
    {
        var record = request.Record;
        await using var session = await OpenAsync(CancellationToken.None);
        var sql = session.Command();
        sql.Append($"SELECT {_dialect.RowVersion("")} FROM records WHERE id = {sql.Param(record.Id)} AND object = {sql.Param(record.Object)}");
        if (!request.IsNew)
            sql.Append($" AND updated_at = {sql.Param(StoredValues.ToUtc(record.UpdatedAt))} AND updated_by = {sql.Param(record.UpdatedBy)}");
        var version = await sql.Build().ExecuteScalarAsync(CancellationToken.None);
        return version is null or DBNull ? (long?)null : Convert.ToInt64(version);
    });

    /// <summary>The row versions of those of the records that are stored (after a batch whose connection broke).</summary>
    private Task<IReadOnlyDictionary<Guid, long>> FindStoredAsync(IReadOnlyList<Guid> ids) => FindOutAsync(async () =>
    {
        await using var session = await OpenAsync(CancellationToken.None);
        var sql = session.Command();
        sql.Append($"SELECT id, {_dialect.RowVersion("")} FROM records WHERE id IN (")
            .Append(string.Join(", ", ids.Select(id => sql.Param(id)))).Append(")");
        var stored = new Dictionary<Guid, long>();
        await using var reader = await sql.Build().ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None)) stored[reader.GetGuid(0)] = reader.GetInt64(1);
        return (IReadOnlyDictionary<Guid, long>)stored;
    });

    /// <summary>Waits before each further try to find out what a broken write did.</summary>
    private static readonly TimeSpan[] FindOutDelays = [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    /// <summary>
    /// Runs a lookup on a new connection, a few times while it fails; after a failure the pool's idle
    /// connections are dropped, since the failure that broke the write may have broken them too (a
    /// restarted server). <see cref="DatabaseUnavailableException"/> when no attempt got through.
    /// </summary>
    private async Task<T> FindOutAsync<T>(Func<Task<T>> lookup)
    {
        for (var attempt = 0; ; attempt++)
        {
            await Task.Delay(FindOutDelays[attempt]);
            try
            {
                return await lookup();
            }
            catch (Exception e) when (attempt == FindOutDelays.Length - 1)
            {
                throw e as DatabaseUnavailableException ?? new DatabaseUnavailableException(
                    "The database could not be reached to find out whether the save was stored.", e);
            }
            catch (Exception)
            {
                await ClearPoolAsync();
            }
        }
    }

    private async Task ClearPoolAsync()
    {
        await using var db = await contexts.CreateDbContextAsync();
        if (db.Database.GetDbConnection() is Npgsql.NpgsqlConnection connection) Npgsql.NpgsqlConnection.ClearPool(connection);
    }
}
