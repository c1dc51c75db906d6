using FunnelStudio.Access;
using FunnelStudio.Stages;

namespace FunnelStudio.Saving;

/// <summary>
/// The one way to read and change records — the portal's forms and board, the API, import and
/// scripts all call this, so access rules, validation and stage gates cannot differ between them.
/// </summary>
public interface IRecordService
{
    /// <summary>Create, update, delete (soft) or move a record through the save pipeline.</summary>
    Task<SaveResult> SaveAsync(SaveCommand command, CancellationToken cancellationToken);

    /// <summary>A record the user may see; <see cref="ReadStatus.Forbidden"/> when it is someone else's.</summary>
    Task<RecordRead> GetAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken);

    /// <summary>A page of the records the user may see.</summary>
    Task<RecordPage> QueryAsync(RecordQuery query, ActingUser user, CancellationToken cancellationToken);

    /// <summary>The stage board: counts, amounts and the first cards of each stage the user may see.</summary>
    Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, ActingUser user, string? owner, int cardsPerStage, CancellationToken cancellationToken);

    /// <summary>The stage checklist of a record toward <paramref name="to"/> (default: the next stage), without moving.</summary>
    Task<ChecklistRead> ChecklistAsync(string obj, Guid id, string? to, ActingUser user, string locale, CancellationToken cancellationToken);

    Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken);

    Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(string obj, Guid id, ActingUser user, CancellationToken cancellationToken);

    /// <summary>
    /// The titles of the live records that the lookups of <paramref name="records"/> point to. Whoever
    /// may read a record sees the title (and link) of what it points to, even a record they could not
    /// open themselves — never its other fields.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> LinkedTitlesAsync(string obj, IReadOnlyCollection<StoredRecord> records,
        ActingUser user, CancellationToken cancellationToken);

    /// <summary>What <paramref name="user"/> may do with <paramref name="obj"/>'s records and fields; null for an unknown object.</summary>
    ObjectAccess? Access(string obj, ActingUser user);
}

/// <summary>How a read ended.</summary>
public enum ReadStatus
{
    Found,
    NotFound,
    Forbidden,
}

public sealed record RecordRead(ReadStatus Status, StoredRecord? Record);

public sealed record ChecklistRead(ReadStatus Status, StageChecklist? Checklist);
