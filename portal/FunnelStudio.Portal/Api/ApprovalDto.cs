using FunnelStudio.Approvals;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// An approval request as the API shows it: labels and the reason in the request's language, statuses
/// as lower-case names (<c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>recalled</c>), and what the
/// caller may do with it now.
/// </summary>
public sealed record ApprovalDto(Guid Id, string Flow, string FlowLabel, string Object, Guid RecordId, string? RecordTitle, string Status,
    string SubmittedBy, string SubmittedByName, DateTime SubmittedAt, DateTime? DecidedAt, string Reason, int CurrentStep, bool Escalated,
    bool LocksRecord, long ConfigVersion, bool CanDecide, bool CanRecall, IReadOnlyList<ApprovalStepDto> Steps)
{
    public static ApprovalDto From(ApprovalDetails a, string locale) => new(a.Id, a.Flow, a.FlowLabel.Get(locale), a.Object, a.RecordId,
        a.RecordTitle, Name(a.Status), a.SubmittedBy, a.SubmittedByName, a.SubmittedAt, a.DecidedAt, a.Reason.Get(locale), a.CurrentStep,
        a.Escalated, a.LocksRecord, a.ConfigVersion, a.CanDecide, a.CanRecall, a.Steps.Select(s => ApprovalStepDto.From(s, locale)).ToList());

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>One step: <c>mode</c> <c>any</c> or <c>all</c>; <c>status</c> <c>waiting</c>, <c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>skipped</c> or <c>cancelled</c>.</summary>
public sealed record ApprovalStepDto(string Name, string Label, string Mode, string Status, DateTime? StartedAt, bool Escalated,
    IReadOnlyList<ApprovalTaskDto> Tasks)
{
    public static ApprovalStepDto From(ApprovalStepView s, string locale) => new(s.Name, s.Label.Get(locale), ApprovalDto.Name(s.Mode),
        ApprovalDto.Name(s.Status), s.StartedAt, s.Escalated, s.Tasks.Select(ApprovalTaskDto.From).ToList());
}

/// <summary>One approver asked, and their answer once given (<c>decision</c> <c>approve</c> or <c>reject</c>; <c>decidedBy</c> may be their delegate).</summary>
public sealed record ApprovalTaskDto(string ApproverId, string ApproverName, string? Decision, DateTime? DecidedAt, string? DecidedBy,
    string? DecidedByName, string? Comment, bool Escalation)
{
    public static ApprovalTaskDto From(ApprovalTaskView t) => new(t.ApproverId, t.ApproverName,
        t.Decision is { } decision ? ApprovalDto.Name(decision) : null, t.DecidedAt, t.DecidedBy, t.DecidedByName, t.Comment, t.Escalation);
}

public sealed record ApprovalListDto(IReadOnlyList<ApprovalDto> Items);

/// <summary>A delegation: <c>toUser</c> may decide <c>fromUser</c>'s approvals from <c>starts</c> to <c>ends</c> (both days included, UTC).</summary>
public sealed record DelegationDto(long Id, string FromUser, string FromUserName, string ToUser, string ToUserName, DateOnly Starts, DateOnly Ends)
{
    public static DelegationDto From(ApprovalDelegation d) => new(d.Id, d.FromUser, d.FromUserName, d.ToUser, d.ToUserName, d.Starts, d.Ends);
}

public sealed record DelegationListDto(IReadOnlyList<DelegationDto> Items);

/// <summary>The body of <c>approve</c>, <c>reject</c> and <c>recall</c> (OpenAPI only; read by <see cref="ApprovalBody"/>).</summary>
public sealed record DecisionRequest(string? Comment);

/// <summary>The body of <c>POST /api/v1/approvals/delegations</c> (OpenAPI only; read by <see cref="ApprovalBody"/>).</summary>
public sealed record DelegationRequest(string ToUser, DateOnly Starts, DateOnly Ends);
