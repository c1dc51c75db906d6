using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// The meaning of approval flows: the object exists; roles, user fields and ownerManager make sense
/// for it; an approver role can read the object (else the flow is refused here, not discovered by
/// an approver who cannot open the record); actions name real fields, stages and templates.
/// Approvers named by user, field or ownerManager are only known per record: one who cannot read
/// the record is skipped when the step starts, with an audit line.
/// </summary>
internal static class ApprovalChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        foreach (var flow in package.ApprovalFlows)
        {
            var obj = package.Object(flow.Object);
            if (obj is null)
            {
                bag.Report(DiagnosticCodes.ApprovalUnknownObject, flow.File, "$.object",
                    $"Approval flow '{flow.Name}' is for object '{flow.Object}', which the package does not define.");
                continue;
            }
            var stepNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in flow.Steps)
            {
                if (!stepNames.Add(step.Name))
                    bag.Report(DiagnosticCodes.DuplicateStepName, flow.File, step.Path + ".name", $"Flow '{flow.Name}' has more than one step named '{step.Name}'.");
                CheckParty(package, obj, flow, step.Approvers, step.Path + ".approvers", approver: true, bag);
                if (step.EscalateTo is { } to) CheckParty(package, obj, flow, to, step.Path + ".escalateTo", approver: true, bag);
            }
            foreach (var action in flow.OnApproved.Concat(flow.OnRejected)) CheckAction(package, obj, flow, action, bag);
            foreach (var (template, key) in new[] { (flow.Notifications.Requested, "requested"), (flow.Notifications.Decided, "decided"), (flow.Notifications.Escalated, "escalated") })
                if (template is not null && !package.Templates.ContainsKey(template))
                    bag.Report(DiagnosticCodes.ApprovalUnknownTarget, flow.File, "$.notifications." + key,
                        $"Flow '{flow.Name}' notifies with template '{template}', but the package has no templates/{template}.sbn.");
        }
    }

    private static void CheckAction(PackageDefinition package, ObjectDefinition obj, ApprovalFlowDefinition flow, ApprovalAction action, DiagnosticBag bag)
    {
        switch (action)
        {
            case SetFieldsAction set:
                foreach (var field in set.Values.Keys.Where(f => obj.Field(f) is null))
                    bag.Report(DiagnosticCodes.ApprovalUnknownTarget, flow.File, $"{set.Path}.set.{field}",
                        $"Flow '{flow.Name}' sets '{field}', but object '{obj.Name}' has no such field.");
                break;
            case MoveStageAction move when obj.Pipeline?.Find(move.Stage) is null:
                bag.Report(DiagnosticCodes.ApprovalUnknownTarget, flow.File, move.Path + ".moveStage",
                    $"Flow '{flow.Name}' moves to stage '{move.Stage}', but object '{obj.Name}' has no such stage.");
                break;
            case NotifyAction notify:
                if (!package.Templates.ContainsKey(notify.Template))
                    bag.Report(DiagnosticCodes.ApprovalUnknownTarget, flow.File, notify.Path + ".notify.template",
                        $"Flow '{flow.Name}' notifies with template '{notify.Template}', but the package has no templates/{notify.Template}.sbn.");
                foreach (var party in notify.To) CheckParty(package, obj, flow, party, notify.Path + ".notify.to", approver: false, bag);
                break;
        }
    }

    private static void CheckParty(PackageDefinition package, ObjectDefinition obj, ApprovalFlowDefinition flow, Party party, string path,
        bool approver, DiagnosticBag bag)
    {
        switch (party.Kind)
        {
            case PartyKind.Role:
                var role = package.Roles.FirstOrDefault(r => r.Name == party.Value);
                if (role is null)
                    bag.Report(DiagnosticCodes.ApprovalUnknownParty, flow.File, path + ".role",
                        $"Flow '{flow.Name}' names role '{party.Value}', which the package does not define ({string.Join(", ", package.Roles.Select(r => r.Name))}).");
                else if (approver && role.On(obj.Name).Read == AccessScope.None)
                    bag.Report(DiagnosticCodes.ApproverCannotRead, flow.File, path + ".role",
                        $"Flow '{flow.Name}' asks role '{role.Name}' to approve, but that role cannot read '{obj.Name}' records.");
                break;
            case PartyKind.Field when obj.Field(party.Value!) is not { Type: FieldType.User }:
                bag.Report(DiagnosticCodes.ApprovalUnknownParty, flow.File, path + ".field",
                    $"Flow '{flow.Name}' names field '{party.Value}', which is not a user field of '{obj.Name}'.");
                break;
            case PartyKind.OwnerManager when obj.Owner is null:
                bag.Report(DiagnosticCodes.ApprovalUnknownParty, flow.File, path + ".ownerManager",
                    $"Flow '{flow.Name}' names ownerManager, but '{obj.Name}' declares no ownerField.");
                break;
        }
    }
}
