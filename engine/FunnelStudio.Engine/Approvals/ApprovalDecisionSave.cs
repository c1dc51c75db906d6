namespace FunnelStudio.Approvals;

/// <summary>The decision a save carries out (see <see cref="Saving.SaveCommand.Approval"/>).</summary>
/// <param name="Change">Written in the save's transaction, only if the request is still at the version it was decided on.</param>
/// <param name="ApprovedFlow">The flow now approved (for the gate of a <c>moveStage</c>); null on a rejection.</param>
/// <param name="Outbox">Notifications the decision sends, written with it.</param>
public sealed record ApprovalDecisionSave(ApprovalChange Change, string? ApprovedFlow, IReadOnlyList<Outbox.OutboxMessage> Outbox);
