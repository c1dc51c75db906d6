using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// The statements of many creates at once on PostgreSQL (see <see cref="CreateBatches"/>): one
/// INSERT of every record and one of every stage history row, each over arrays (<c>unnest</c>),
/// so the statement text is the same for any number of records and stays prepared. With the
/// statements of one command running as one implicit transaction, all are stored or none.
/// </summary>
internal static class PostgresCreates
{
    public static void Insert(SqlCommandBuilder sql, IReadOnlyList<StoredRecord> records, IObjectDefinitionSource definitions, int maxTitle)
    {
        string Array<T>(NpgsqlDbType type, Func<StoredRecord, T> value) => ArrayParam(sql, records, type, value);

        sql.Append("INSERT INTO records (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, ")
            .Append("updated_by, stage_entered_at, version, deleted, config_version, amount) ")
            .Append("SELECT u.id, u.object, u.stage, u.owner_id, u.title, u.v::jsonb, u.created_at, u.updated_at, u.created_by, ")
            .Append("u.updated_by, u.stage_entered_at, 1, u.deleted, u.config_version, u.amount FROM unnest(")
            .Append(string.Join(", ",
                Array(NpgsqlDbType.Uuid, r => r.Id),
                Array(NpgsqlDbType.Text, r => r.Object),
                Array(NpgsqlDbType.Text, r => r.Stage),
                Array(NpgsqlDbType.Text, r => r.OwnerId),
                Array(NpgsqlDbType.Text, r => RecordWrites.Truncate(r.Title, maxTitle)),
                Array(NpgsqlDbType.Text, r => StoredValues.Write(r.Values, definitions.Find(r.Object))),
                Array(NpgsqlDbType.TimestampTz, r => StoredValues.ToUtc(r.CreatedAt)),
                Array(NpgsqlDbType.TimestampTz, r => StoredValues.ToUtc(r.UpdatedAt)),
                Array(NpgsqlDbType.Text, r => r.CreatedBy),
                Array(NpgsqlDbType.Text, r => r.UpdatedBy),
                Array(NpgsqlDbType.TimestampTz, r => r.StageEnteredAt is { } t ? StoredValues.ToUtc(t) : (DateTime?)null),
                Array(NpgsqlDbType.Boolean, r => r.Deleted),
                Array(NpgsqlDbType.Bigint, r => r.ConfigVersion),
                Array(NpgsqlDbType.Numeric, r => r.Amount)))
            .Append(") AS u(id, object, stage, owner_id, title, v, created_at, updated_at, created_by, updated_by, ")
            .Append("stage_entered_at, deleted, config_version, amount) RETURNING id, xmin::text::bigint;\n");
    }

    public static void StageHistory(SqlCommandBuilder sql, IReadOnlyList<StageHistoryEntry> moves)
    {
        if (moves.Count == 0) return;
        string Array<T>(NpgsqlDbType type, Func<StageHistoryEntry, T> value) => ArrayParam(sql, moves, type, value);

        sql.Append("INSERT INTO stage_history (record_id, object, from_stage, to_stage, \"at\", \"by\", seconds_in_previous_stage, amount) ")
            .Append("SELECT * FROM unnest(")
            .Append(string.Join(", ",
                Array(NpgsqlDbType.Uuid, m => m.RecordId),
                Array(NpgsqlDbType.Text, m => m.Object),
                Array(NpgsqlDbType.Text, m => m.From),
                Array(NpgsqlDbType.Text, m => m.To),
                Array(NpgsqlDbType.TimestampTz, m => StoredValues.ToUtc(m.At)),
                Array(NpgsqlDbType.Text, m => m.By),
                Array(NpgsqlDbType.Double, m => m.SecondsInPreviousStage),
                Array(NpgsqlDbType.Numeric, m => m.Amount)))
            .Append(");\n");
    }

    /// <summary>
    /// The first statement of a batch: locks and checks every record the batch's lookups point to
    /// (<see cref="References.ReferenceGuard"/>). One missing target fails the batch, whose creates are
    /// then tried one by one, so only the create that points to it fails.
    /// </summary>
    public static void LockReferences(SqlCommandBuilder sql, IReadOnlyList<PersistRequest> requests) =>
        References.ReferenceGuard.Lock(sql, requests.SelectMany(r => r.References).Distinct().ToList());

    /// <summary>
    /// The unique keys of every record of the batch, one INSERT over arrays; a taken key fails the
    /// batch like any failing row. In key order, so two batches waiting on each other's keys wait
    /// in one direction rather than deadlock.
    /// </summary>
    public static void Keys(SqlCommandBuilder sql, IReadOnlyList<PersistRequest> requests)
    {
        var keys = requests.SelectMany(r => r.Keys.Where(k => k.Key is not null).Select(k => (r.Record, Key: k)))
            .OrderBy(k => k.Record.Object, StringComparer.Ordinal).ThenBy(k => k.Key.Field, StringComparer.Ordinal)
            .ThenBy(k => k.Key.Key, StringComparer.Ordinal).ToList();
        if (keys.Count == 0) return;
        string Array<T>(NpgsqlDbType type, Func<(StoredRecord Record, Uniqueness.UniqueKey Key), T> value) => ArrayParam(sql, keys, type, value);

        sql.Append("INSERT INTO record_keys (object, field, key, record_id) SELECT * FROM unnest(")
            .Append(string.Join(", ",
                Array(NpgsqlDbType.Text, k => k.Record.Object),
                Array(NpgsqlDbType.Text, k => k.Key.Field),
                Array(NpgsqlDbType.Text, k => k.Key.Key),
                Array(NpgsqlDbType.Uuid, k => k.Record.Id)))
            .Append(");\n");
    }

    /// <summary>The idempotency keys of those creates that carry one (see <see cref="RecordWrites.IdempotencyKey"/>); nothing when none does.</summary>
    public static void IdempotencyKeys(SqlCommandBuilder sql, IReadOnlyList<PersistRequest> requests, DateTime now)
    {
        var keyed = requests.Where(r => r.IdempotencyKey is not null).ToList();
        if (keyed.Count == 0) return;
        string Array<T>(NpgsqlDbType type, Func<PersistRequest, T> value) => ArrayParam(sql, keyed, type, value);

        sql.Append("INSERT INTO idempotency_keys (user_id, key, request_hash, object, record_id, created_at) ")
            .Append("SELECT u.user_id, u.key, u.request_hash, u.object, u.record_id, ")
            .Append($"{sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = StoredValues.ToUtc(now) })} FROM unnest(")
            .Append(string.Join(", ",
                Array(NpgsqlDbType.Text, r => r.IdempotencyKey!.UserId),
                Array(NpgsqlDbType.Text, r => r.IdempotencyKey!.Key),
                Array(NpgsqlDbType.Text, r => r.IdempotencyKey!.RequestHash),
                Array(NpgsqlDbType.Text, r => r.Record.Object),
                Array(NpgsqlDbType.Uuid, r => r.Record.Id)))
            .Append(") AS u(user_id, key, request_hash, object, record_id);\n");
    }

    /// <summary>One column of the rows as a typed array parameter; returns its placeholder.</summary>
    private static string ArrayParam<TRow, T>(SqlCommandBuilder sql, IReadOnlyList<TRow> rows, NpgsqlDbType type, Func<TRow, T> value) =>
        sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = rows.Select(value).ToArray() });
}
