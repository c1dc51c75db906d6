using System.Collections.Concurrent;
using System.Text.Json;
using System.Xml;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using Json.Schema;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads <c>approvals/&lt;name&gt;.json</c>: first checked against <c>approval.schema.json</c> (every
/// mismatch reported with its JSON path), then read into an <see cref="ApprovalFlowDefinition"/>.
/// Meaning (objects, roles, fields, stages, templates) is checked by <see cref="ApprovalChecker"/>.
/// </summary>
public static class ApprovalReader
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(Schemas.SchemaCatalog.Read("approval.schema.json")));

    /// <summary>Flows read back from a request's pinned source, by that text (a handful per package).</summary>
    private static readonly ConcurrentDictionary<string, ApprovalFlowDefinition?> Pinned = new(StringComparer.Ordinal);

    public static ApprovalFlowDefinition? Read(string text, string file, DiagnosticBag bag)
    {
        using var doc = JsonFile.Parse(text, file, bag);
        if (doc is null) return null;
        var results = Schema.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            var problems = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => (Path: JsonPath(d.InstanceLocation.ToString()), Message: e.Value)))
                .Distinct().ToList();
            if (problems.Count == 0) problems.Add(("$", "it does not match approval.schema.json"));
            foreach (var (path, message) in problems)
                bag.Report(DiagnosticCodes.InvalidApprovalFlow, file, path, $"Approval flow: {message}");
            return null;
        }
        return ReadValid(doc.RootElement, file, bag);
    }

    /// <summary>The flow a request started under, from the source stored with it (null if it no longer reads).</summary>
    public static ApprovalFlowDefinition? ReadPinned(string text) =>
        Pinned.Count > 256 ? Read(text, "pinned", new DiagnosticBag()) : Pinned.GetOrAdd(text, t => Read(t, "pinned", new DiagnosticBag()));

    private static ApprovalFlowDefinition ReadValid(JsonElement root, string file, DiagnosticBag bag)
    {
        var reader = new ElementReader(bag, file);
        var entry = RuleReader.ReadOne(reader, root, "$.entry")!;
        var steps = new List<ApprovalStepDefinition>();
        foreach (var (step, path) in reader.Array(root, "$", "steps"))
            steps.Add(new ApprovalStepDefinition(step.GetProperty("name").GetString()!, reader.Text(step, path, "label"),
                ReadParty(step.GetProperty("approvers")), step.GetProperty("mode").GetString() == "all" ? ApprovalMode.All : ApprovalMode.Any)
            {
                When = step.TryGetProperty("when", out _) ? RuleReader.ReadOne(reader, step, path + ".when") : null,
                EscalateAfter = step.TryGetProperty("escalateAfter", out var after) ? XmlConvert.ToTimeSpan(after.GetString()!) : null,
                EscalateTo = step.TryGetProperty("escalateTo", out var to) ? ReadParty(to) : null,
                Path = path,
            });
        var notifications = root.TryGetProperty("notifications", out var n)
            ? new ApprovalFlowNotifications(Name(n, "requested"), Name(n, "decided"), Name(n, "escalated"))
            : ApprovalFlowNotifications.None;
        return new ApprovalFlowDefinition(root.GetProperty("name").GetString()!, root.GetProperty("object").GetString()!,
            reader.Text(root, "$", "label"), entry)
        {
            Steps = steps,
            LockRecord = root.GetProperty("lockRecord").GetBoolean(),
            OnApproved = ReadActions(root, "onApproved"),
            OnRejected = ReadActions(root, "onRejected"),
            Notifications = notifications,
            File = file,
        };
    }

    private static string? Name(JsonElement obj, string key) => obj.TryGetProperty(key, out var v) ? v.GetString() : null;

    private static IReadOnlyList<ApprovalAction> ReadActions(JsonElement root, string key)
    {
        var actions = new List<ApprovalAction>();
        var i = 0;
        foreach (var action in root.GetProperty(key).EnumerateArray())
        {
            var path = $"$.{key}[{i++}]";
            if (action.TryGetProperty("set", out var set))
                actions.Add(new SetFieldsAction(set.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()), path));
            else if (action.TryGetProperty("moveStage", out var stage))
                actions.Add(new MoveStageAction(stage.GetString()!, path));
            else if (action.TryGetProperty("notify", out var notify))
            {
                var to = notify.GetProperty("to");
                var parties = to.ValueKind == JsonValueKind.Array ? to.EnumerateArray().Select(ReadParty).ToList() : [ReadParty(to)];
                actions.Add(new NotifyAction(notify.GetProperty("template").GetString()!, parties, path));
            }
        }
        return actions;
    }

    /// <summary>A party the schema has checked: exactly one of role, user, field, ownerManager.</summary>
    public static Party ReadParty(JsonElement party)
    {
        var only = party.EnumerateObject().First();
        return only.Name switch
        {
            "role" => new Party(PartyKind.Role, only.Value.GetString()),
            "user" => new Party(PartyKind.User, only.Value.GetString()),
            "field" => new Party(PartyKind.Field, only.Value.GetString()),
            _ => new Party(PartyKind.OwnerManager, null),
        };
    }

    private static string JsonPath(string pointer) =>
        "$" + string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(p => int.TryParse(p, out var i) ? $"[{i}]" : "." + p));
}
