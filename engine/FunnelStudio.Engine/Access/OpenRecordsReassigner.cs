using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Audit;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Access;

/// <summary>
/// Gives a user's open records to another user — what an admin does when someone leaves. Open: the
/// records of every owned object whose stage is not terminal (won or lost stay with who closed them),
/// and every record of an owned object without a pipeline. Each record is changed through
/// <see cref="IRecordService.SaveAsync"/> as the admin, so the move passes the same checks and leaves
/// the same field history as any other owner change; a record the pipeline refuses stays where it is
/// and is reported. One audit line sums it up.
/// </summary>
public sealed class OpenRecordsReassigner(IPackageRuntime runtime, IRecordService records, IUserDirectory users, IAuditLog audit,
    TimeProvider clock)
{
    private const int PageSize = 200;

    public async Task<ReassignmentResult> ReassignAsync(string fromUserId, string toUserId, ActingUser admin, SaveSource source,
        CancellationToken cancellationToken)
    {
        if (fromUserId == toUserId || await users.FindAsync(toUserId, cancellationToken) is not { Active: true })
            return ReassignmentResult.InvalidTarget;

        var moved = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var notMoved = new List<NotMovedRecord>();
        foreach (var obj in runtime.Current.Definition.Objects.Where(o => o.OwnerField is not null))
        {
            var values = JsonSerializer.SerializeToElement(new Dictionary<string, string> { [obj.OwnerField!] = toUserId });
            foreach (var record in await OpenRecordsAsync(obj, fromUserId, admin, cancellationToken))
            {
                var result = await records.SaveAsync(new SaveCommand(obj.Name, SaveOperation.Update, admin)
                {
                    RecordId = record.Id,
                    JsonValues = values,
                    // A record someone changed since it was read is reported, not overwritten.
                    ExpectedVersion = record.Version,
                    Source = source,
                }, cancellationToken);
                if (result.Succeeded) moved[obj.Name] = moved.GetValueOrDefault(obj.Name) + 1;
                else notMoved.Add(new NotMovedRecord(obj.Name, record.Id, record.Title, result.Status, result.Violations.FirstOrDefault()?.Message));
            }
        }

        var outcome = new ReassignmentResult(true, moved, notMoved);
        await audit.WriteAsync(AuditEntry.Of(clock.GetUtcNow().UtcDateTime, admin.Id, AuditActions.UserRecordsReassigned,
            AuditActions.UserTarget, fromUserId, new JsonObject
            {
                ["to"] = toUserId,
                ["moved"] = outcome.Moved,
                ["byObject"] = JsonSerializer.SerializeToNode(moved),
                ["notMoved"] = new JsonArray(notMoved.Select(n => (JsonNode)new JsonObject
                {
                    ["object"] = n.Object, ["id"] = n.Id.ToString(), ["status"] = n.Status.ToString(),
                }).ToArray()),
            }), cancellationToken);
        return outcome;
    }

    /// <summary>Every open record <paramref name="ownerId"/> owns, read in full before any is changed (a change reorders the pages).</summary>
    private async Task<List<StoredRecord>> OpenRecordsAsync(ObjectDefinition obj, string ownerId, ActingUser admin, CancellationToken cancellationToken)
    {
        IEnumerable<string?> stages = obj.Pipeline is { } pipeline
            ? pipeline.Stages.Where(s => !s.IsTerminal).Select(s => (string?)s.Name)
            : [null];
        var open = new List<StoredRecord>();
        foreach (var stage in stages)
            for (var page = 1; ; page++)
            {
                var result = await records.QueryAsync(new RecordQuery(obj.Name)
                {
                    Owner = ownerId, Stage = stage, Sort = "created_at", Descending = false, Page = page, PageSize = PageSize,
                }, admin, cancellationToken);
                open.AddRange(result.Items);
                if (result.Items.Count < PageSize) break;
            }
        return open;
    }
}

/// <summary>How a reassignment ended: how many records moved per object, and those that could not.</summary>
public sealed record ReassignmentResult(bool TargetValid, IReadOnlyDictionary<string, int> MovedByObject, IReadOnlyList<NotMovedRecord> NotMoved)
{
    /// <summary>The target is the same user, unknown or deactivated: nothing was tried.</summary>
    public static ReassignmentResult InvalidTarget { get; } = new(false, new Dictionary<string, int>(), []);

    public int Moved => MovedByObject.Values.Sum();
}

/// <summary>A record the save pipeline refused to give to the new owner (a rule it no longer passes, a concurrent change).</summary>
public sealed record NotMovedRecord(string Object, Guid Id, string? Title, SaveStatus Status, LocalizedText? Reason);
