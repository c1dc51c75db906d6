using System.Data.Common;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Versions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>
/// Carries out a <see cref="SchemaPlan"/> on the stored records in one database transaction: every
/// step or none. Each step only touches records not yet in the new shape (values under the old
/// name, values not yet converted, records still in the removed stage or holding the removed
/// option), so applying a plan twice changes nothing the second time. Values are checked again as
/// they are converted: one stored since the plan was made that no longer converts refuses the whole
/// migration (<see cref="SchemaMigrationException"/>, <c>CONFIG_UNSAFE</c>).
/// Scoped: it writes on the scope's context, so inside a publish it joins the transaction the
/// version switch opened there (data and switch commit together or not at all); called on its own,
/// it opens and commits a transaction of its own.
/// </summary>
public sealed class SchemaMigration(FunnelStudioDbContext db, FunnelStudioStorageOptions options,
    TimeProvider clock) : ISchemaMigration
{
    /// <summary>How many records one rewrite command carries.</summary>
    private const int Batch = 200;

    private readonly SchemaSql _sql = new(options.Provider);

    public async Task ApplyAsync(SchemaPlan plan, long versionId, string? userId, CancellationToken ct)
    {
        if (plan.Problems.Count > 0)
            throw new SchemaMigrationException(plan.Problems[0].Code, "The plan has problems to resolve first: " + plan.Problems[0].Message);
        foreach (var step in plan.Steps) Check(step);
        var data = plan.Steps.Where(s => s.Kind is not (SchemaStepKinds.ArchiveField or SchemaStepKinds.RestoreField)).ToList();
        if (data.Count == 0) return; // archived values stay where they are; restored ones are where they were
        var now = clock.GetUtcNow().UtcDateTime;
        await using var session = await StoreSession.BorrowAsync(db, ct);
        var joined = db.Database.CurrentTransaction;
        await using var own = joined is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var run = new StepRun(session, (joined ?? own!).GetDbTransaction(), versionId, now);
        foreach (var step in data)
        {
            var task = step.Kind switch
            {
                SchemaStepKinds.RenameField => RenameAsync(run, step, ct),
                SchemaStepKinds.ConvertField => ConvertAsync(run, step, ct),
                SchemaStepKinds.MapStage => MapStageAsync(run, step, ct),
                _ => MapOptionAsync(run, step, ct),
            };
            await task;
        }
        if (own is not null) await own.CommitAsync(ct);
    }

    private sealed record StepRun(StoreSession Session, DbTransaction Transaction, long VersionId, DateTime Now)
    {
        public string FieldNote => $"changed by config version {VersionId}";
        public string StageNote => $"moved by config version {VersionId}";
        public SqlCommandBuilder Command() => Session.Command(Transaction);
    }

    /// <summary>Refuses a step of an unknown kind or with a name that may not reach SQL, before anything is written.</summary>
    private static void Check(SchemaStep step)
    {
        Require(step.Object, "object");
        switch (step.Kind)
        {
            case SchemaStepKinds.ArchiveField or SchemaStepKinds.RestoreField or SchemaStepKinds.MapOption:
                Require(step.Field, "field");
                break;
            case SchemaStepKinds.RenameField:
                Require(step.Field, "field");
                Require(step.From, "field");
                break;
            case SchemaStepKinds.ConvertField:
                Require(step.Field, "field");
                if (step.To is null || !FieldTypes.TryParse(step.To, out _) || step.From is null
                    || step.From != SchemaStepKinds.Archived && !FieldTypes.TryParse(step.From, out _))
                    throw Invalid($"convertField of '{step.Object}.{step.Field}' names unknown types '{step.From}' → '{step.To}'.");
                break;
            case SchemaStepKinds.MapStage:
                if (step.Field is not null) Require(step.Field, "field");
                break;
            default:
                throw Invalid($"Unknown schema step '{step.Kind}'.");
        }
        if (step.Kind is SchemaStepKinds.MapStage or SchemaStepKinds.MapOption && (step.From is null || step.To is null))
            throw Invalid($"{step.Kind} of '{step.Object}' needs both From and To.");
    }

    private static void Require(string? name, string what)
    {
        if (!SqlNames.IsValid(name)) throw Invalid($"'{name}' is not a valid {what} name.");
    }

    private static SchemaMigrationException Invalid(string message) => new("CONFIG_INVALID_PLAN", message);

    /// <summary>Values under the old name move to the new one, with their field history and unique keys.</summary>
    private async Task RenameAsync(StepRun run, SchemaStep step, CancellationToken ct)
    {
        var (from, to) = (step.From!, step.Field!);
        var check = run.Command();
        check.Append($"SELECT COUNT(*) FROM records WHERE object = {check.Param(step.Object)} AND {_sql.HasKey(from)} AND {_sql.HasValue(to)}");
        if (Convert.ToInt64(await check.Build().ExecuteScalarAsync(ct)) > 0)
            throw new SchemaMigrationException(SchemaStepKinds.Unsafe,
                $"Records of '{step.Object}' hold values under both '{from}' and '{to}'; renaming would overwrite one.");
        var sql = run.Command();
        var obj = sql.Param(step.Object);
        var (fromName, toName) = (sql.Param(from), sql.Param(to));
        sql.Append($"UPDATE records SET \"values\" = {_sql.Rename(from, to)}, version = version + 1 WHERE object = {obj} AND {_sql.HasKey(from)};\n")
            .Append($"UPDATE field_history SET field = {toName} WHERE field = {fromName} AND record_id IN (SELECT id FROM records WHERE object = {obj});\n")
            .Append($"UPDATE record_keys SET field = {toName} WHERE object = {obj} AND field = {fromName};\n");
        await sql.Build().ExecuteNonQueryAsync(ct);
    }

    /// <summary>Every value not yet in the new type's form is converted exactly, with a field history row; one that does not convert refuses it all.</summary>
    private async Task ConvertAsync(StepRun run, SchemaStep step, CancellationToken ct)
    {
        FieldType? from = step.From == SchemaStepKinds.Archived ? null : Parse(step.From!);
        var field = new FieldDefinition(step.Field!, Parse(step.To!), LocalizedText.Of(step.Field!));
        var rewrites = new List<(Guid Id, string Old, string New)>();
        foreach (var value in await StoredFieldValues.ReadAsync(run.Session, run.Transaction, _sql, step.Object, step.Field!, ct))
        {
            var result = ValueConversion.Convert(from, field, value.Value, checkOptions: false);
            if (!result.Converts)
                throw new SchemaMigrationException(SchemaStepKinds.Unsafe,
                    $"Record {value.Id} of '{step.Object}' holds a value of '{step.Field}' that does not convert from {step.From} to {step.To}.");
            if (result.Rewrites) rewrites.Add((value.Id, StoredFieldValues.Compact(value.Value), result.NewJson!));
        }
        await RewriteAsync(run, step.Field!, rewrites, ct);
    }

    /// <summary>Records holding the removed option get the mapped one (a list keeps each option once), with a field history row.</summary>
    private async Task MapOptionAsync(StepRun run, SchemaStep step, CancellationToken ct)
    {
        var rewrites = (await StoredFieldValues.ReadAsync(run.Session, run.Transaction, _sql, step.Object, step.Field!, ct))
            .Where(v => OptionValues.Holds(v.Value, step.From!))
            .Select(v => (v.Id, StoredFieldValues.Compact(v.Value), OptionValues.Replace(v.Value, step.From!, step.To!)))
            .ToList();
        await RewriteAsync(run, step.Field!, rewrites, ct);
    }

    private async Task RewriteAsync(StepRun run, string field, List<(Guid Id, string Old, string New)> rewrites, CancellationToken ct)
    {
        foreach (var chunk in rewrites.Chunk(Batch))
        {
            var sql = run.Command();
            var (name, at, by) = (sql.Param(field), sql.Param(run.Now), sql.Param(run.FieldNote));
            foreach (var (id, old, value) in chunk)
            {
                var json = sql.Param(value);
                var record = sql.Param(id);
                sql.Append($"UPDATE records SET \"values\" = {_sql.SetJson(field, json)}, version = version + 1 WHERE id = {record};\n")
                    .Append("INSERT INTO field_history (record_id, field, old_value, new_value, \"at\", \"by\") ")
                    .Append($"VALUES ({record}, {name}, {sql.Param(old)}, {json}, {at}, {by});\n");
            }
            await sql.Build().ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Records in the removed stage move to the mapped one, each with a stage history row whose
    /// <c>by</c> says which config version moved it; the totals triggers follow the stage column.
    /// </summary>
    private async Task MapStageAsync(StepRun run, SchemaStep step, CancellationToken ct)
    {
        var sql = run.Command();
        var (obj, from, to, now) = (sql.Param(step.Object), sql.Param(step.From!), sql.Param(step.To!), sql.Param(run.Now));
        sql.Append("INSERT INTO stage_history (record_id, object, from_stage, to_stage, \"at\", \"by\", seconds_in_previous_stage, amount) ")
            .Append($"SELECT id, object, stage, {to}, {now}, {sql.Param(run.StageNote)}, {_sql.SecondsInStage(now)}, amount ")
            .Append($"FROM records WHERE object = {obj} AND stage = {from};\n");
        var values = step.Field is { } field ? _sql.SetTextIfPresent(field, to) : "\"values\"";
        sql.Append($"UPDATE records SET stage = {to}, \"values\" = {values}, stage_entered_at = {now}, version = version + 1 ")
            .Append($"WHERE object = {obj} AND stage = {from};\n");
        await sql.Build().ExecuteNonQueryAsync(ct);
    }

    private static FieldType Parse(string type) =>
        FieldTypes.TryParse(type, out var parsed) ? parsed : throw Invalid($"Unknown field type '{type}'.");
}
