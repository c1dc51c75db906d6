using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Stages;

namespace FunnelStudio.Saving;

/// <summary>
/// Runs the save pipeline and the access-checked reads. Kept short on purpose: what a save does
/// lives in the <see cref="ISaveStep"/>s, registered in order in one place.
/// </summary>
public sealed class RecordService(IPackageRuntime runtime, IRecordStore store, IEnumerable<ISaveStep> steps, TimeProvider clock)
    : IRecordService
{
    private readonly ISaveStep[] _steps = steps.ToArray();

    public async Task<SaveResult> SaveAsync(SaveCommand command, CancellationToken cancellationToken)
    {
        var obj = runtime.Current.Object(command.Object);
        if (obj is null)
            return SaveResult.Refused(SaveStatus.NotFound,
                new Violation(ViolationKind.Transition, "object", null, LocalizedText.Of($"There is no object '{command.Object}'.")));
        var now = command.EffectiveAt is { } at && command.Source is SaveSource.Seed or SaveSource.Import
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : clock.GetUtcNow().UtcDateTime;
        var context = new SaveContext(command, obj, now);
        foreach (var step in _steps)
        {
            // Checks keep running after a refusal so every problem is reported at once; a record that
            // is missing, someone else's or stale stops at once, and nothing writes once refused.
            if (context.IsRefused && (step.Writes || context.Refusal is SaveStatus.NotFound or SaveStatus.Forbidden or SaveStatus.Conflict))
                break;
            await step.ExecuteAsync(context, cancellationToken);
        }
        return context.ToResult();
    }

    public async Task<RecordRead> GetAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken)
    {
        if (runtime.Current.Object(obj) is null) return new RecordRead(ReadStatus.NotFound, null);
        var record = await store.FindAsync(obj, id, cancellationToken);
        if (record is null || record.Deleted) return new RecordRead(ReadStatus.NotFound, null);
        return user.CanSeeOwner(record.OwnerId) ? new RecordRead(ReadStatus.Found, record) : new RecordRead(ReadStatus.Forbidden, null);
    }

    public Task<RecordPage> QueryAsync(RecordQuery query, ActingUser user, CancellationToken cancellationToken)
    {
        var obj = runtime.Current.Object(query.Object)
            ?? throw new InvalidQueryException("NOT_FOUND", $"There is no object '{query.Object}'.");
        var sort = SystemColumns.Mirroring(obj.Definition, query.Sort) ?? query.Sort;
        var sortType = SortType(obj.Definition, sort);
        return store.QueryAsync(query with
        {
            Sort = sort,
            VisibleOwners = user.VisibleOwners,
            SortType = sortType,
            Page = Math.Max(1, query.Page),
            PageSize = Math.Clamp(query.PageSize, 1, 200),
        }, cancellationToken);
    }

    public Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, ActingUser user, string? owner, int cardsPerStage, CancellationToken cancellationToken)
    {
        var compiled = runtime.Current.Object(obj);
        if (compiled?.Pipeline is not { } pipeline)
            throw new InvalidQueryException("NOT_FOUND", $"'{obj}' has no stage board.");
        return store.BoardAsync(obj, pipeline.Stages.Select(s => s.Name).ToArray(), user.VisibleOwners, owner, Math.Clamp(cardsPerStage, 0, 50), cancellationToken);
    }

    public async Task<ChecklistRead> ChecklistAsync(string obj, Guid id, string? to, ActingUser user, string locale, CancellationToken cancellationToken)
    {
        var read = await GetAsync(obj, id, user, cancellationToken);
        var compiled = runtime.Current.Object(obj);
        if (read.Record is null || compiled?.Pipeline is null) return new ChecklistRead(read.Status == ReadStatus.Found ? ReadStatus.NotFound : read.Status, null);
        var record = read.Record;
        var values = record.Stage is null ? record.Values : record.Values.With(compiled.Pipeline.Field, record.Stage);
        var checklist = StageDecisionService.Explain(compiled, record.Values, values, user.ToRuleUser(),
            clock.GetUtcNow().UtcDateTime, locale, to, new RecordSystemValues(record.Id.ToString(), record.CreatedAt, record.UpdatedAt));
        return new ChecklistRead(ReadStatus.Found, checklist);
    }

    public async Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken) =>
        (await GetAsync(obj, id, user, cancellationToken)).Record is null ? [] : await store.FieldHistoryAsync(id, cancellationToken);

    public async Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken) =>
        (await GetAsync(obj, id, user, cancellationToken)).Record is null ? [] : await store.StageHistoryAsync(id, cancellationToken);

    /// <summary>System columns sort as themselves; a field sorts by its value; anything else is refused.</summary>
    private static FieldType? SortType(ObjectDefinition obj, string sort)
    {
        if (SystemSortColumns.Contains(sort)) return null;
        return obj.Field(sort)?.ValueType ?? throw new InvalidQueryException("BAD_REQUEST", $"Cannot sort by '{sort}': it is not a field of '{obj.Name}'.");
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
