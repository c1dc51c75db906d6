using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Approvals;

/// <summary>Turns stored requests into what people see: labels from the pinned flow, names, record titles, and what the user may do.</summary>
public sealed class ApprovalViews(IRecordStore records, IUserDirectory directory)
{
    /// <summary>The requests as <paramref name="user"/> sees them; <paramref name="knownTitles"/>: record titles the caller already has (not read again).</summary>
    public async Task<IReadOnlyList<ApprovalDetails>> BuildAsync(IReadOnlyList<ApprovalRequest> requests, ActingUser user,
        IReadOnlySet<string> delegators, CancellationToken cancellationToken, IReadOnlyDictionary<Guid, string?>? knownTitles = null)
    {
        if (requests.Count == 0) return [];
        var names = (await directory.AllAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        var titles = new Dictionary<Guid, string?>(knownTitles ?? new Dictionary<Guid, string?>());
        foreach (var group in requests.Where(r => !titles.ContainsKey(r.RecordId)).GroupBy(r => r.Object))
            foreach (var (id, title) in await records.TitlesAsync(group.Key, group.Select(r => r.RecordId).Distinct().ToList(), cancellationToken))
                titles[id] = title;
        return requests.Select(r => Build(r, user, delegators, names, titles.GetValueOrDefault(r.RecordId))).ToList();
    }

    private static ApprovalDetails Build(ApprovalRequest request, ActingUser user, IReadOnlySet<string> delegators,
        Dictionary<string, string> names, string? title)
    {
        var flow = ApprovalReader.ReadPinned(request.FlowSource);
        string Name(string? id) => id is null ? "" : names.GetValueOrDefault(id, id);
        var steps = request.Steps.Select((state, i) =>
        {
            var step = flow is not null && i < flow.Steps.Count ? flow.Steps[i] : null;
            return new ApprovalStepView(step?.Name ?? $"step{i + 1}", step?.Label ?? LocalizedText.Of($"{i + 1}"), step?.Mode ?? ApprovalMode.Any, state.Status)
            {
                StartedAt = state.StartedAt,
                Escalated = state.Escalated,
                Tasks = request.Tasks.Where(t => t.Step == i).Select(t => new ApprovalTaskView(t.ApproverId, Name(t.ApproverId))
                {
                    Decision = t.Decision, DecidedAt = t.DecidedAt, DecidedBy = t.DecidedBy, DecidedByName = Name(t.DecidedBy),
                    Comment = t.Comment, Escalation = t.Escalation,
                }).ToList(),
            };
        }).ToList();
        return new ApprovalDetails(request.Id, request.Flow, flow?.Label ?? LocalizedText.Of(request.Flow), request.Object, request.RecordId, request.Status)
        {
            RecordTitle = title,
            SubmittedBy = request.SubmittedBy,
            SubmittedByName = Name(request.SubmittedBy),
            SubmittedAt = request.SubmittedAt,
            DecidedAt = request.DecidedAt,
            Reason = request.Reason,
            CurrentStep = request.CurrentStep,
            Escalated = request.Escalated,
            LocksRecord = request.LockRecord && request.IsPending,
            ConfigVersion = request.ConfigVersion,
            Steps = steps,
            CanDecide = request.IsPending && ApprovalDecider.TaskFor(request, user.Id, delegators) is not null,
            CanRecall = request.IsPending && request.SubmittedBy == user.Id,
        };
    }
}
