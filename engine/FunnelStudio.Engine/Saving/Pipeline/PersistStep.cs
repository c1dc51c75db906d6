using System.Globalization;
using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.References;
using FunnelStudio.Rules;
using FunnelStudio.Uniqueness;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Writes the record, its field history and its stage history in one transaction (the store's),
/// numbering autonumber fields on create. The same transaction writes the record's unique keys,
/// checks again that the records its new lookups point to are live, and carries out a delete's
/// plan. A stale version becomes a conflict, a key another record holds <c>FIELD_UNIQUE</c>, a
/// record deleted since the references step <c>FIELD_REFERENCE</c>; nothing is written.
/// </summary>
public sealed class PersistStep(IRecordStore store, IPackageRuntime runtime, IRecordKeyStore keys) : ISaveStep
{
    public bool Writes => true;

    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var command = context.Command;
        var definition = context.Object.Definition;
        var existing = context.Existing;
        var now = context.Now;
        var by = context.User.Id;

        if (existing is null) await NumberAsync(context, cancellationToken);

        var stage = definition.Pipeline is null ? null : context.TargetStage ?? existing?.Stage;
        var stageChanged = stage is not null && stage != existing?.Stage;
        var ownerField = definition.Owner;
        var amount = definition.Amount is { } amountField ? context.Values[amountField.Name] as decimal? : null;
        var record = new StoredRecord(context.RecordId, definition.Name, context.Values)
        {
            Stage = stage,
            OwnerId = ownerField is null ? existing?.OwnerId ?? by : context.Values.GetString(ownerField.Name),
            Title = Title(definition, context.Values),
            CreatedAt = existing?.CreatedAt ?? now,
            CreatedBy = existing?.CreatedBy ?? by,
            UpdatedAt = now,
            UpdatedBy = by,
            StageEnteredAt = stageChanged ? now : existing?.StageEnteredAt,
            Amount = amount,
            Version = existing?.Version ?? 0,
            Deleted = command.Operation == SaveOperation.Delete,
            ConfigVersion = runtime.VersionId,
        };

        var fieldHistory = existing is null ? [] : FieldChanges(definition, existing.Values, context.Values, record.Id, now, by);
        StageHistoryEntry? stageChange = stageChanged
            ? new StageHistoryEntry(record.Id, definition.Name, existing?.Stage, stage!, now, by)
            {
                SecondsInPreviousStage = existing?.StageEnteredAt is { } entered ? Math.Max(0, (now - entered).TotalSeconds) : null,
                Amount = amount,
            }
            : null;

        var deleting = command.Operation == SaveOperation.Delete;
        var request = new PersistRequest(record, existing is null, existing?.Version, fieldHistory, stageChange)
        {
            Keys = deleting ? [] : UniqueKeys.Changes(definition, existing?.Values, context.Values),
            References = deleting ? [] : ReferenceTargets.Of(context),
            Delete = context.DeletePlan,
            IdempotencyKey = command.IdempotencyKey,
            Outbox = [.. context.Outbox, .. command.Approval?.Outbox ?? [], .. Scripting.Hooks.HookMessages.For(context, record, stageChange)],
            Approvals = context.ApprovalsStarted.Count == 0 && command.Approval is null ? Approvals.ApprovalWrites.None
                : new Approvals.ApprovalWrites([.. context.ApprovalsStarted.Select(a => a with { RecordId = record.Id })], command.Approval?.Change),
        };
        try
        {
            context.Saved = await store.PersistAsync(request, cancellationToken);
        }
        catch (Approvals.ApprovalConflictException e)
        {
            context.Refuse(SaveStatus.Conflict, new Violation(ViolationKind.Transition, "approval", null, LocalizedText.Of(e.Message)) { Code = "ALREADY_DECIDED" });
        }
        catch (ConcurrencyConflictException e)
        {
            context.Refuse(SaveStatus.Conflict, new Violation(ViolationKind.Transition, "version", null, LocalizedText.Of(e.Message)));
        }
        catch (UniqueValueConflictException)
        {
            // Another save with the same value committed first; name it, as the unique step would have.
            var found = await UniqueViolations.FindAsync(keys, context, request.Keys, cancellationToken);
            var violations = found.Count > 0 ? found : [UniqueViolations.Unknown(context, request.Keys.FirstOrDefault(k => k.Key is not null)?.Field)];
            foreach (var violation in violations) context.Refuse(SaveStatus.ValidationFailed, violation);
        }
        catch (ReferenceMissingException e)
        {
            foreach (var field in MissingReferenceFields(definition, context, request.References, e.Target))
                context.Refuse(SaveStatus.ValidationFailed, Violation.FieldError("FIELD_REFERENCE", field.Name, EngineText.Format("reference.record",
                    field.Label, context.Package.Object(field.Target!)?.Definition.Label ?? LocalizedText.Of(field.Target!))));
        }
        catch (ReferencesChangedException)
        {
            context.ReferencesChanged = true;
            context.Refuse(SaveStatus.Conflict, new Violation(ViolationKind.Transition, "references", null, EngineText.Format("delete.referencesChanged")));
        }
    }

    /// <summary>The lookups that point to the record the store found gone (all the save's new ones when it could not say which).</summary>
    private static IEnumerable<FieldDefinition> MissingReferenceFields(ObjectDefinition definition, SaveContext context,
        IReadOnlyList<RecordRef> references, Guid? missing)
    {
        var gone = references.Where(r => missing is null || r.Id == missing).ToList();
        return definition.Fields.Where(f => f is { Type: FieldType.Lookup, Target: { } target }
            && Guid.TryParse(context.Values.GetString(f.Name), out var id) && gone.Contains(new RecordRef(target, id)));
    }

    private async Task NumberAsync(SaveContext context, CancellationToken cancellationToken)
    {
        foreach (var field in context.Object.Definition.Fields.Where(f => f.Type == FieldType.AutoNumber))
        {
            if (RecordValues.IsFilled(context.Values[field.Name])) continue;
            var next = await store.NextNumberAsync(context.Object.Name, field.Name, cancellationToken);
            context.Values = context.Values.With(field.Name, FormatNumber(field.Format ?? "{0}", next));
        }
    }

    /// <summary>Formats <c>DEAL-{0000}</c> with 7 as <c>DEAL-0007</c>.</summary>
    public static string FormatNumber(string format, long number)
    {
        var open = format.IndexOf('{');
        var close = format.IndexOf('}', open + 1);
        if (open < 0 || close < 0) return format + number.ToString(CultureInfo.InvariantCulture);
        var pattern = format[(open + 1)..close];
        var digits = pattern.All(c => c == '0') ? pattern.Length : 1;
        return format[..open] + number.ToString(new string('0', Math.Max(1, digits)), CultureInfo.InvariantCulture) + format[(close + 1)..];
    }

    private static string? Title(ObjectDefinition definition, RecordValues values)
    {
        var field = definition.EffectiveTitleField;
        return field is null ? null : values[field] switch
        {
            null => null,
            string s => s.Length > 200 ? s[..200] : s,
            var v => RecordJson.ValueText(v, definition.Field(field))?.Trim('"'),
        };
    }

    private static List<FieldHistoryEntry> FieldChanges(ObjectDefinition definition, RecordValues before, RecordValues after,
        Guid id, DateTime at, string by)
    {
        var changes = new List<FieldHistoryEntry>();
        foreach (var field in definition.Fields)
        {
            if (field.IsStageField) continue; // stage moves have their own history
            var old = RecordJson.ValueText(before[field.Name], field);
            var now = RecordJson.ValueText(after[field.Name], field);
            if (old != now) changes.Add(new FieldHistoryEntry(id, field.Name, old, now, at, by));
        }
        return changes;
    }
}
