using System.Text.Json;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// A package's demo data (<c>demo/*.json</c>, read in file-name order): users with their roles and
/// managers, and records, each saved as its creator at a time relative to today, then changed step
/// by step (a stage move, an edit by someone else) so its history is one people could have made.
/// </summary>
public sealed record DemoData(IReadOnlyList<DemoUser> Users, IReadOnlyList<DemoRecord> Records)
{
    /// <summary>Reads every demo file; a file that does not have the shape is reported, not half-read.</summary>
    public static DemoData Read(IReadOnlyDictionary<string, string> files, ICollection<string> problems)
    {
        var users = new List<DemoUser>();
        var records = new List<DemoRecord>();
        foreach (var (name, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                var fileUsers = Array(root, "users").Select(ReadUser).ToList();
                var fileRecords = Array(root, "records").Select(ReadRecord).ToList();
                users.AddRange(fileUsers);
                records.AddRange(fileRecords);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
            {
                problems.Add($"demo/{name}.json: {e.Message}");
            }
        }
        return new DemoData(users, records);
    }

    private static DemoUser ReadUser(JsonElement user) => new(
        Text(user, "email")!, Text(user, "name") ?? Text(user, "email")!,
        Array(user, "roles").Select(r => r.GetString()!).ToList(), Text(user, "manager"));

    private static DemoRecord ReadRecord(JsonElement record) => new(
        Text(record, "key") ?? throw new FormatException("a record without \"key\""),
        Text(record, "object") ?? throw new FormatException("a record without \"object\""),
        Text(record, "as") ?? throw new FormatException("a record without \"as\" (who creates it)"),
        DaysAgo(record),
        record.GetProperty("values").Clone(),
        Array(record, "then").Select(step => new DemoStep(
            Text(step, "as") ?? throw new FormatException("a step without \"as\""), DaysAgo(step), Text(step, "moveTo"),
            step.TryGetProperty("values", out var values) ? values.Clone() : null)
        {
            Approve = Text(step, "approve"), Reject = Text(step, "reject"), Comment = Text(step, "comment"),
        }).ToList());

    private static double DaysAgo(JsonElement element) => element.GetProperty("at").GetProperty("daysAgo").GetDouble();

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}

/// <summary>A demo user: roles are the package's role names; <c>manager</c> is another demo user's email.</summary>
public sealed record DemoUser(string Email, string Name, IReadOnlyList<string> Roles, string? Manager);

/// <summary>A demo record: <c>key</c> names it for other records' lookups (<c>"@record:key"</c>).</summary>
public sealed record DemoRecord(string Key, string Object, string As, double DaysAgo, JsonElement Values, IReadOnlyList<DemoStep> Then);

/// <summary>
/// A later change: a stage move (<c>moveTo</c>) and/or values, by <c>as</c>; or a decision on the
/// record's pending request of a flow (<c>approve</c> or <c>reject</c> with the flow's name, and a <c>comment</c>).
/// </summary>
public sealed record DemoStep(string As, double DaysAgo, string? MoveTo, JsonElement? Values)
{
    public string? Approve { get; init; }
    public string? Reject { get; init; }
    public string? Comment { get; init; }
}
