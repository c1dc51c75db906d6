using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Approvals;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// Saves a package's demo records through the one save pipeline, back-dated. Values are the JSON the
/// API takes, with three demo forms resolved first: <c>"@user:email"</c> (a demo user's id),
/// <c>"@record:key"</c> (an earlier demo record's id) and <c>{ "daysAgo": n }</c> (a date or
/// date-time relative to today, by the field's type). A refused save is logged and counted, never
/// forced in: the demo data obeys the package's rules like everyone else.
/// </summary>
public sealed class DemoRecordWriter(
    IRecordService records, IApprovalService approvals, CompiledPackage package, IReadOnlyDictionary<string, ActingUser> usersByEmail,
    DateTime now, ILogger logger, CancellationToken cancellationToken)
{
    private readonly Dictionary<string, StoredRecord> _byKey = new(StringComparer.Ordinal);

    public int Saves { get; private set; }
    public int Failures { get; private set; }
    public int Created => _byKey.Count;

    /// <summary>Creates the record and applies its steps; false when it (or a step) could not be saved.</summary>
    public async Task<bool> WriteAsync(DemoRecord demo)
    {
        if (package.Object(demo.Object) is not { } obj) return Skip(demo, $"the package has no object '{demo.Object}'");
        if (!usersByEmail.TryGetValue(demo.As, out var creator)) return Skip(demo, $"'{demo.As}' is not a demo user");
        if (Resolve(obj.Definition, demo.Values, out var problem) is not { } values) return Skip(demo, problem!);

        var record = await SaveAsync(new SaveCommand(demo.Object, SaveOperation.Create, creator) { JsonValues = values }, demo.DaysAgo);
        if (record is null) return false;
        _byKey[demo.Key] = record;
        foreach (var step in demo.Then)
        {
            if (!usersByEmail.TryGetValue(step.As, out var user)) return Skip(demo, $"'{step.As}' is not a demo user");
            if ((step.Approve ?? step.Reject) is { } flow)
            {
                if (!await DecideAsync(demo, record, flow, user, step)) return false;
                record = (await records.GetAsync(demo.Object, record.Id, user, cancellationToken)).Record ?? record;
                continue;
            }
            JsonElement? stepValues = null;
            if (step.Values is { } raw)
            {
                if (Resolve(obj.Definition, raw, out problem) is not { } resolved) return Skip(demo, problem!);
                stepValues = resolved;
            }
            var command = step.MoveTo is { } stage
                ? new SaveCommand(demo.Object, SaveOperation.MoveStage, user) { RecordId = record.Id, ToStage = stage, JsonValues = stepValues }
                : new SaveCommand(demo.Object, SaveOperation.Update, user) { RecordId = record.Id, JsonValues = stepValues };
            record = await SaveAsync(command, step.DaysAgo);
            if (record is null) return false;
            _byKey[demo.Key] = record;
        }
        return true;
    }

    private async Task<StoredRecord?> SaveAsync(SaveCommand command, double daysAgo)
    {
        var result = await records.SaveAsync(command with { Source = SaveSource.Seed, EffectiveAt = now.AddDays(-daysAgo) }, cancellationToken);
        Saves++;
        if (result.Succeeded) return result.Record;
        Failures++;
        logger.LogWarning("Demo {Operation} of {Object} refused ({Status}): {Violations}", command.Operation, command.Object, result.Status,
            string.Join("; ", result.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        return null;
    }

    private async Task<bool> DecideAsync(DemoRecord demo, StoredRecord record, string flow, ActingUser user, DemoStep step)
    {
        var pending = (await approvals.ForRecordAsync(demo.Object, record.Id, user, cancellationToken))
            .FirstOrDefault(a => a.Flow == flow && a.Status == ApprovalStatus.Pending);
        if (pending is null) return Skip(demo, $"it has no pending request of flow '{flow}' for {step.As} to decide");
        var decision = step.Approve is not null ? ApprovalDecision.Approve : ApprovalDecision.Reject;
        var outcome = await approvals.DecideAsync(pending.Id, user, decision, step.Comment, now.AddDays(-step.DaysAgo), cancellationToken);
        Saves++;
        if (outcome.Status == ApprovalOutcomeStatus.Done) return true;
        return Skip(demo, $"{step.As} could not decide its '{flow}' request: {outcome.Status}");
    }

    private bool Skip(DemoRecord demo, string why)
    {
        Failures++;
        logger.LogWarning("Demo record {Key} skipped: {Reason}", demo.Key, why);
        return false;
    }

    private JsonElement? Resolve(ObjectDefinition obj, JsonElement values, out string? problem)
    {
        problem = null;
        if (values.ValueKind != JsonValueKind.Object) { problem = "\"values\" is not an object"; return null; }
        var resolved = new JsonObject();
        foreach (var property in values.EnumerateObject())
        {
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.StartsWith('@'))
            {
                if (text.StartsWith("@user:", StringComparison.Ordinal) && usersByEmail.TryGetValue(text[6..], out var user))
                    resolved[property.Name] = user.Id;
                else if (text.StartsWith("@record:", StringComparison.Ordinal) && _byKey.TryGetValue(text[8..], out var record))
                    resolved[property.Name] = record.Id.ToString();
                else { problem = $"'{property.Name}': '{text}' names no demo user or earlier demo record"; return null; }
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("daysAgo", out var days) && days.TryGetDouble(out var d))
            {
                var at = now.AddDays(-d);
                resolved[property.Name] = obj.Field(property.Name)?.ValueType == FieldType.Date
                    ? at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            }
            else resolved[property.Name] = JsonNode.Parse(value.GetRawText());
        }
        return JsonSerializer.SerializeToElement(resolved);
    }
}
