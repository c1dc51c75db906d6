using FunnelStudio.Metadata;

namespace FunnelStudio.Approvals;

/// <summary>
/// The pure part of a decision: which task the user answers, and what the answer does to the
/// current step — <c>any</c>: one approval approves it; <c>all</c>: every approver asked must approve
/// (an approver added by escalation decides alone); a rejection ends the request.
/// </summary>
public static class ApprovalDecider
{
    /// <summary>The open task of the current step the user answers: their own, else one of a user who delegated to them.</summary>
    public static ApprovalTask? TaskFor(ApprovalRequest request, string userId, IReadOnlySet<string> delegators) =>
        request.OpenTasks.FirstOrDefault(t => t.ApproverId == userId) ?? request.OpenTasks.FirstOrDefault(t => delegators.Contains(t.ApproverId));

    /// <summary>The request with the task answered; <c>StepDone</c> when the step is approved (the next one must start).</summary>
    public static (ApprovalRequest Request, ApprovalTask Decided, bool StepDone) Answer(ApprovalRequest request, ApprovalTask task,
        ApprovalDecision decision, ApprovalMode mode, string by, string? comment, DateTime now)
    {
        var decided = task with { Decision = decision, DecidedAt = now, DecidedBy = by, Comment = comment };
        var tasks = request.Tasks.Select(t => t.Id == task.Id && t.Step == task.Step && t.ApproverId == task.ApproverId ? decided : t).ToList();
        var steps = request.Steps.ToList();
        var current = request.CurrentStep;
        if (decision == ApprovalDecision.Reject)
        {
            steps[current] = steps[current] with { Status = ApprovalStepStatus.Rejected };
            return (request with { Status = ApprovalStatus.Rejected, DecidedAt = now, Steps = Cancel(steps, current + 1), Tasks = tasks }, decided, false);
        }
        var stepTasks = tasks.Where(t => t.Step == current).ToList();
        var done = mode == ApprovalMode.Any || decided.Escalation
            || stepTasks.Where(t => !t.Escalation).All(t => t.Decision == ApprovalDecision.Approve);
        if (done) steps[current] = steps[current] with { Status = ApprovalStepStatus.Approved };
        return (request with { Steps = steps, Tasks = tasks }, decided, done);
    }

    /// <summary>The request taken back by its submitter: the current and later steps are cancelled.</summary>
    public static ApprovalRequest Recall(ApprovalRequest request, DateTime now) =>
        request with { Status = ApprovalStatus.Recalled, DecidedAt = now, Steps = Cancel(request.Steps.ToList(), request.CurrentStep) };

    private static List<ApprovalStepState> Cancel(List<ApprovalStepState> steps, int from)
    {
        for (var i = from; i < steps.Count; i++)
            if (steps[i].Status is ApprovalStepStatus.Waiting or ApprovalStepStatus.Pending)
                steps[i] = steps[i] with { Status = ApprovalStepStatus.Cancelled };
        return steps;
    }
}
