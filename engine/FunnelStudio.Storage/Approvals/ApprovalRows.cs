using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelStudio.Approvals;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Entities;

namespace FunnelStudio.Storage.Approvals;

/// <summary>Rows ↔ <see cref="ApprovalRequest"/>: statuses as lower-case words, steps and the reason as JSON.</summary>
internal static class ApprovalRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Status(ApprovalStatus status) => status.ToString().ToLowerInvariant();

    public static string? Decision(ApprovalDecision? decision) => decision?.ToString().ToLowerInvariant();

    public static string Steps(IReadOnlyList<ApprovalStepState> steps) => JsonSerializer.Serialize(steps, Json);

    public static string Reason(LocalizedText reason) => JsonSerializer.Serialize(reason.Values, Json);

    public static ApprovalRequest ToRequest(ApprovalRequestRow row, IEnumerable<ApprovalTaskRow> tasks) =>
        new(row.Id, row.Flow, row.Object, row.RecordId, Enum.Parse<ApprovalStatus>(row.Status, ignoreCase: true))
        {
            CurrentStep = row.CurrentStep,
            Steps = JsonSerializer.Deserialize<List<ApprovalStepState>>(row.Steps, Json) ?? [],
            FlowSource = row.FlowSource,
            ConfigVersion = row.ConfigVersion,
            LockRecord = row.LockRecord,
            Escalated = row.Escalated,
            SubmittedBy = row.SubmittedBy,
            SubmittedAt = DateTime.SpecifyKind(row.SubmittedAt, DateTimeKind.Utc),
            DecidedAt = row.DecidedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
            Reason = new LocalizedText(JsonSerializer.Deserialize<Dictionary<string, string>>(row.Reason, Json) ?? []),
            Version = row.Version,
            Tasks = tasks.OrderBy(t => t.Step).ThenBy(t => t.Id).Select(ToTask).ToList(),
        };

    private static ApprovalTask ToTask(ApprovalTaskRow row) => new(row.Id, row.Step, row.ApproverId)
    {
        Escalation = row.Escalation,
        AssignedAt = DateTime.SpecifyKind(row.AssignedAt, DateTimeKind.Utc),
        Decision = row.Decision is null ? null : Enum.Parse<ApprovalDecision>(row.Decision, ignoreCase: true),
        DecidedAt = row.DecidedAt is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null,
        DecidedBy = row.DecidedBy,
        Comment = row.Comment,
    };
}
