using System.Diagnostics;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Stages;
using FunnelStudio.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelStudio.Saving;

/// <summary>
/// Runs the save pipeline and the access-checked reads. Kept short on purpose: what a save does
/// lives in the <see cref="ISaveStep"/>s, registered in order in one place; who reaches which
/// records and fields is the package's <see cref="AccessPolicy"/>, applied here to every read so
/// that no caller can forget it. Records leave this service without the fields the user may not see.
/// </summary>
public sealed class RecordService(IPackageRuntime runtime, IRecordStore store, IEnumerable<ISaveStep> steps, TimeProvider clock,
    ILogger<RecordService>? logger = null, ISaveTraceStore? traces = null, Approvals.IApprovalStore? approvals = null) : IRecordService
{
    private readonly ISaveStep[] _steps = steps.ToArray();
    private readonly ILogger _logger = logger ?? NullLogger<RecordService>.Instance;
    private readonly ISaveTraceStore _traces = traces ?? new NoSaveTraceStore();

    public async Task<SaveResult> SaveAsync(SaveCommand command, CancellationToken cancellationToken)
    {
        var startedAt = Stopwatch.GetTimestamp();
        var package = runtime.Current;
        var version = runtime.VersionId;
        var obj = package.Object(command.Object);
        if (obj is null)
            return SaveResult.Refused(SaveStatus.NotFound,
                new Violation(ViolationKind.Transition, "object", null, LocalizedText.Of($"There is no object '{command.Object}'.")));
        var now = command.EffectiveAt is { } at && command.Source is SaveSource.Seed or SaveSource.Import
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : clock.GetUtcNow().UtcDateTime;
        var context = await RunAsync(new SaveContext(command, package, obj, now), cancellationToken);
        // A delete whose pointing records changed between its plan and its transaction wrote nothing: plan it once more.
        if (context.ReferencesChanged) context = await RunAsync(new SaveContext(command, package, obj, now), cancellationToken);
        var result = context.ToResult();
        if (SaveTraceBuilder.Build(context, version, clock.GetUtcNow().UtcDateTime, startedAt) is { } trace) _traces.Record(trace);
        LogEvaluationErrors(command.Object, result.Violations);
        return result.Record is { } saved
            ? result with { Record = Redact(saved, context.Access) }
            : result with { Violations = HiddenCriteria.Fold(result.Violations, obj, context.Access) };
    }

    private async Task<SaveContext> RunAsync(SaveContext context, CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            // Checks keep running after a refusal so every problem is reported at once; a record that
            // is missing, someone else's or stale stops at once, and nothing writes once refused.
            if (context.IsRefused && (step.Writes || context.Refusal is SaveStatus.NotFound or SaveStatus.Forbidden or SaveStatus.Conflict))
                break;
            await step.ExecuteAsync(context, cancellationToken);
        }
        return context;
    }

    public async Task<RecordRead> GetAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        if (Access(obj, user) is not { } access) return new RecordRead(ReadStatus.NotFound, null);
        var record = await store.FindAsync(obj, id, cancellationToken);
        if (record is null || record.Deleted) return new RecordRead(ReadStatus.NotFound, null);
        return access.CanRead(record.OwnerId)
            ? new RecordRead(ReadStatus.Found, Redact(record, access))
            : new RecordRead(ReadStatus.Forbidden, null);
    }

    public async Task<RecordPage> QueryAsync(RecordQuery query, ActingUser user, CancellationToken cancellationToken)
    {
        var access = Access(query.Object, user) ?? throw new InvalidQueryException("NOT_FOUND", $"There is no object '{query.Object}'.");
        var obj = access.Object;
        // A filter on a field the user may not see would tell what it holds.
        foreach (var filter in query.FieldFilters)
            if (obj.Field(filter.Field) is null || access.IsHidden(filter.Field))
                throw new InvalidQueryException("FIELD_UNKNOWN", $"'{query.Object}' has no field '{filter.Field}' to filter on.");
        var sort = SystemColumns.Mirroring(obj, query.Sort) ?? query.Sort;
        var sortType = SortType(access, sort);
        if (MatchesNothing(query.Search) || MatchesNothing(query.Owner) || MatchesNothing(query.Stage))
            return new RecordPage([], 0, Math.Max(1, query.Page), Math.Clamp(query.PageSize, 1, 200));
        var page = await store.QueryAsync(query with
        {
            Sort = sort,
            VisibleOwners = access.ReadableOwners,
            SortType = sortType,
            Page = Math.Max(1, query.Page),
            PageSize = Math.Clamp(query.PageSize, 1, 200),
        }, cancellationToken);
        return page with { Items = page.Items.Select(r => Redact(r, access)).ToList() };
    }

    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, ActingUser user, string? owner, int cardsPerStage, CancellationToken cancellationToken)
    {
        if (Access(obj, user) is not { Object.Pipeline: { } pipeline } access)
            throw new InvalidQueryException("NOT_FOUND", $"'{obj}' has no stage board.");
        if (MatchesNothing(owner)) return pipeline.Stages.Select(s => new BoardColumn(s.Name, 0, 0m, [])).ToList();
        var columns = await store.BoardAsync(obj, pipeline.Stages.Select(s => s.Name).ToArray(), access.ReadableOwners, owner,
            Math.Clamp(cardsPerStage, 0, 50), cancellationToken);
        var amountHidden = access.Object.Amount is { } amount && access.IsHidden(amount.Name);
        return columns.Select(c => c with
        {
            Amount = amountHidden ? 0 : c.Amount,
            Cards = c.Cards.Select(r => Redact(r, access)).ToList(),
        }).ToList();
    }

    public async Task<ChecklistRead> ChecklistAsync(string obj, Guid id, string? to, ActingUser user, string locale, CancellationToken cancellationToken)
    {
        var compiled = runtime.Current.Object(obj);
        if (compiled?.Pipeline is null || Access(obj, user) is not { } access) return new ChecklistRead(ReadStatus.NotFound, null);
        var record = await store.FindAsync(obj, id, cancellationToken);
        if (record is null || record.Deleted) return new ChecklistRead(ReadStatus.NotFound, null);
        if (!access.CanRead(record.OwnerId)) return new ChecklistRead(ReadStatus.Forbidden, null);
        // The criteria read every field (they are the package's rules); what the user is told leaves
        // out the criteria about fields they may not see (HiddenCriteria).
        var values = record.Stage is null ? record.Values : record.Values.With(compiled.Pipeline.Field, record.Stage);
        // Fn.Approved reads the record's requests, as the save's gate will.
        var approved = compiled.Approvals.Count == 0 || approvals is null ? []
            : Pipeline.ApprovalLockStep.ApprovedFlows(await approvals.ForRecordAsync(id, cancellationToken), null);
        var checklist = StageDecisionService.Explain(compiled, record.Values, values, user.ToRuleUser(),
            clock.GetUtcNow().UtcDateTime, locale, to, new RecordSystemValues(record.Id.ToString(), record.CreatedAt, record.UpdatedAt) { Approved = approved });
        foreach (var item in checklist.Items.Where(i => i.Error is not null))
            _logger.LogWarning("Criterion {Rule} of {Object} stage {Stage} could not be evaluated: {Error}", item.Name, obj, item.Stage, item.Error);
        return new ChecklistRead(ReadStatus.Found, HiddenCriteria.Fold(checklist, compiled, access, locale));
    }

    public async Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        if ((await GetAsync(obj, id, user, cancellationToken)).Record is null) return [];
        var access = Access(obj, user)!;
        // A hidden field's history would tell what it held: it is hidden too. So is an archived
        // field's (one the package no longer has): it is kept for the version that brings it back.
        return (await store.FieldHistoryAsync(id, cancellationToken))
            .Where(h => access.Object.Field(h.Field) is not null && !access.IsHidden(h.Field)).ToList();
    }

    public async Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        if ((await GetAsync(obj, id, user, cancellationToken)).Record is null) return [];
        var access = Access(obj, user)!;
        var history = await store.StageHistoryAsync(id, cancellationToken);
        return access.Object.Amount is { } amount && access.IsHidden(amount.Name)
            ? history.Select(h => h with { Amount = null }).ToList()
            : history;
    }

    public async Task<IReadOnlyDictionary<Guid, string>> LinkedTitlesAsync(string obj, IReadOnlyCollection<StoredRecord> records,
        ActingUser user, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<Guid, string>();
        if (Access(obj, user) is not { } access) return titles;
        var readable = records.Where(r => r.Object == obj && access.CanRead(r.OwnerId)).ToList();
        foreach (var group in access.VisibleFields.Where(f => f.Type == FieldType.Lookup && f.Target is not null).GroupBy(f => f.Target!))
        {
            var ids = readable.SelectMany(r => group.Select(f => r.Values.GetString(f.Name)))
                .Select(v => Guid.TryParse(v, out var g) ? g : (Guid?)null).OfType<Guid>().Distinct().ToList();
            if (ids.Count == 0) continue;
            foreach (var (id, title) in await store.TitlesAsync(group.Key, ids, cancellationToken))
                titles[id] = string.IsNullOrWhiteSpace(title) ? id.ToString()[..8] : title;
        }
        return titles;
    }

    public ObjectAccess? Access(string obj, ActingUser user)
    {
        var package = runtime.Current;
        return package.Object(obj) is { } compiled ? package.Access.For(user, compiled.Definition) : null;
    }

    /// <summary>
    /// Stored text holds no control character (the binder refuses them), and no user id or stage
    /// name does, so a filter holding one matches nothing. It is answered here, without asking the
    /// database: PostgreSQL cannot even take a NUL in a parameter.
    /// </summary>
    private static bool MatchesNothing(string? filter) => filter is not null && ValueLimits.HasForbiddenCharacter(filter, multiline: true);

    /// <summary>A rule or formula that threw is a refusal the user sees in plain words; its detail is for the admins' log.</summary>
    private void LogEvaluationErrors(string obj, IReadOnlyList<Violation> violations)
    {
        foreach (var violation in violations)
            if (violation.Error is { } error)
                _logger.LogWarning("{Kind} {Rule} of {Object} could not be evaluated: {Error}", violation.Kind, violation.Rule, obj, error);
    }

    /// <summary>
    /// The record without the fields the user may not see (and its amount, when that field is
    /// hidden), nor the values of archived fields: the store keeps every key it holds, so that a
    /// save keeps them and a later version can bring the field back, but nobody sees them meanwhile.
    /// </summary>
    internal static StoredRecord Redact(StoredRecord record, ObjectAccess access)
    {
        var archived = record.Values.Keys.Any(k => access.Object.Field(k) is null);
        if (!access.Permission.HidesAny && !archived) return record;
        var values = record.Values.Where(v => access.Object.Field(v.Key) is not null && !access.IsHidden(v.Key));
        var amountHidden = access.Object.Amount is { } amount && access.IsHidden(amount.Name);
        return record with { Values = new Records.RecordValues(values.ToDictionary()), Amount = amountHidden ? null : record.Amount };
    }

    /// <summary>System columns sort as themselves; a visible field sorts by its value; anything else is refused.</summary>
    private static FieldType? SortType(ObjectAccess access, string sort)
    {
        if (SystemSortColumns.Contains(sort)) return null;
        // Sorting by a hidden field would reveal its order, so it is as unknown as a missing field.
        return access.Object.Field(sort) is { } field && !access.IsHidden(sort)
            ? field.ValueType
            : throw new InvalidQueryException("BAD_REQUEST", $"Cannot sort by '{sort}': it is not a field of '{access.Object.Name}'.");
    }

    /// <summary>The system columns a list can sort by.</summary>
    public static readonly IReadOnlySet<string> SystemSortColumns =
        new HashSet<string> { "title", "created_at", "updated_at", "stage", "owner_id" };
}

/// <summary>A query the caller got wrong (unknown object or sort field); HTTP maps it to 400/404 with its code.</summary>
public sealed class InvalidQueryException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
