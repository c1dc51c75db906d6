using FunnelStudio.References;
using FunnelStudio.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace FunnelStudio.Storage.References;

/// <summary>
/// Makes "a lookup names a live record" hold under races. The references step checked the targets
/// before the write; a delete could still commit in between. So the write transaction checks again:
/// <list type="bullet">
/// <item>PostgreSQL: its first statement calls <c>fs_lock_references</c> (migration
/// <c>ReferenceGuard</c>), which takes a key-share lock on every target — a delete locks its record
/// FOR UPDATE first, so one of them waits for the other — and raises SQLSTATE <see cref="MissingState"/>
/// when one is missing or deleted. Key-share locks do not conflict with ordinary updates of the
/// target, so editing an account never waits for the deals being created for it.</item>
/// <item>SQLite: one writer at a time (the transaction begins IMMEDIATE), so reading the targets
/// after the write statement, in the same transaction, sees what the commit will keep.</item>
/// </list>
/// </summary>
internal static class ReferenceGuard
{
    /// <summary>The SQLSTATE <c>fs_lock_references</c> raises for a target that is missing or deleted.</summary>
    public const string MissingState = "FSREF";

    /// <summary>PostgreSQL: the CALL that locks and checks <paramref name="targets"/>; append it before the write.</summary>
    public static void Lock(SqlCommandBuilder sql, IReadOnlyCollection<RecordRef> targets)
    {
        if (targets.Count == 0) return;
        var objects = sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = targets.Select(t => t.Object).ToArray() });
        var ids = sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = targets.Select(t => t.Id).ToArray() });
        sql.Append($"CALL fs_lock_references({objects}, {ids});\n");
    }

    /// <summary>SQLite: reads the live targets in the write transaction; throws <see cref="ReferenceMissingException"/> for one that is not.</summary>
    public static async Task VerifyAsync(SqlCommandBuilder sql, IReadOnlyCollection<RecordRef> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return;
        var matches = targets.Select(t => $"(r.id = {sql.Param(t.Id)} AND r.object = {sql.Param(t.Object)})");
        sql.Append($"SELECT r.id FROM records r WHERE r.deleted = FALSE AND ({string.Join(" OR ", matches)})");
        var live = new HashSet<Guid>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) live.Add(reader.GetGuid(0));
        if (targets.FirstOrDefault(t => !live.Contains(t.Id)) is { } missing)
            throw new ReferenceMissingException(missing.Id, $"The {missing.Object} {missing.Id} a lookup points to is missing or deleted.");
    }
}
