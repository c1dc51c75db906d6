using FunnelStudio.Approvals;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Approvals;

/// <summary>How the pages show a request's state: the resource keys and Bootstrap badge classes of its statuses, and its age.</summary>
public static class ApprovalLabels
{
    public static string StatusKey(ApprovalStatus status) => "Approvals.Status." + status;

    public static string StatusBadge(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => "text-bg-success",
        ApprovalStatus.Rejected => "text-bg-danger",
        ApprovalStatus.Recalled => "text-bg-secondary",
        _ => "text-bg-warning",
    };

    public static string StepStatusKey(ApprovalStepStatus status) => "Approvals.StepStatus." + status;

    public static string StepBadge(ApprovalStepStatus status) => status switch
    {
        ApprovalStepStatus.Approved => "text-bg-success",
        ApprovalStepStatus.Rejected => "text-bg-danger",
        ApprovalStepStatus.Pending => "text-bg-warning",
        _ => "text-bg-light border",
    };

    public static string DecisionKey(ApprovalDecision decision) => "Approvals.Decision." + decision;

    /// <summary>The record page of the request's record.</summary>
    public static string RecordUrl(ApprovalDetails approval) => $"/o/{Uri.EscapeDataString(approval.Object)}/{approval.RecordId}";

    public static string DetailUrl(Guid id) => $"/approvals/{id}";

    /// <summary>Since when the request waits on its current step (the step's start, else the submission).</summary>
    public static DateTime WaitingSince(ApprovalDetails approval) =>
        approval.Steps.ElementAtOrDefault(approval.CurrentStep)?.StartedAt ?? approval.SubmittedAt;

    /// <summary>A span as the largest whole unit: "3 d", "5 h", "12 min" (in the UI language).</summary>
    public static string Age(IStringLocalizer text, TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalDays >= 1 ? text["Approvals.AgeDays", (int)span.TotalDays]
            : span.TotalHours >= 1 ? text["Approvals.AgeHours", (int)span.TotalHours]
            : text["Approvals.AgeMinutes", (int)span.TotalMinutes];
    }
}
