using System.Data.Common;
using FunnelStudio.Approvals;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Approvals;

/// <summary>
/// The statements of approvals, on a transaction someone else opened (a record's save, or the
/// store's own): new requests with their tasks, and changes that apply only to the version they were
/// decided on. Values are parameters.
/// </summary>
internal static class ApprovalWrites
{
    /// <summary>Appends the INSERTs of new requests and their tasks to a save's batch.</summary>
    public static void AppendStarts(SqlCommandBuilder sql, IReadOnlyList<ApprovalRequest> requests)
    {
        foreach (var r in requests)
        {
            sql.Append("INSERT INTO approval_requests (id, flow, object, record_id, status, current_step, steps, flow_source, config_version, " +
                "lock_record, escalated, submitted_by, submitted_at, decided_at, reason, version) VALUES (")
                .Append($"{sql.Param(r.Id)}, {sql.Param(r.Flow)}, {sql.Param(r.Object)}, {sql.Param(r.RecordId)}, {sql.Param(ApprovalRows.Status(r.Status))}, ")
                .Append($"{sql.Param(r.CurrentStep)}, {sql.Param(ApprovalRows.Steps(r.Steps))}, {sql.Param(r.FlowSource)}, {sql.Param(r.ConfigVersion)}, ")
                .Append($"{sql.Param(r.LockRecord)}, {sql.Param(r.Escalated)}, {sql.Param(r.SubmittedBy)}, {sql.Param(Utc(r.SubmittedAt))}, ")
                .Append($"{sql.Param(r.DecidedAt is { } d ? Utc(d) : (DateTime?)null)}, {sql.Param(ApprovalRows.Reason(r.Reason))}, 1);\n");
            AppendTasks(sql, r.Id, r.Tasks);
        }
    }

    /// <summary>
    /// Runs a change inside <paramref name="transaction"/>: the request's row only at the expected
    /// version, each decided task only while still open; anything else throws
    /// <see cref="ApprovalConflictException"/> (the caller's rollback undoes what ran). On PostgreSQL
    /// the UPDATE waits for a concurrent decision's commit and then finds the version gone.
    /// </summary>
    public static async Task ApplyAsync(StoreSession session, DbTransaction transaction, ApprovalChange change, CancellationToken cancellationToken)
    {
        var r = change.Updated;
        var sql = session.Command(transaction);
        sql.Append($"UPDATE approval_requests SET status = {sql.Param(ApprovalRows.Status(r.Status))}, current_step = {sql.Param(r.CurrentStep)}, ")
            .Append($"steps = {sql.Param(ApprovalRows.Steps(r.Steps))}, escalated = {sql.Param(r.Escalated)}, ")
            .Append($"decided_at = {sql.Param(r.DecidedAt is { } d ? Utc(d) : (DateTime?)null)}, version = version + 1 ")
            .Append($"WHERE id = {sql.Param(r.Id)} AND version = {sql.Param(change.ExpectedVersion)}");
        if (await sql.Build().ExecuteNonQueryAsync(cancellationToken) != 1)
            throw new ApprovalConflictException($"Approval request {r.Id} was decided by someone else first.");
        foreach (var task in change.DecidedTasks)
        {
            var update = session.Command(transaction);
            update.Append($"UPDATE approval_tasks SET decision = {update.Param(ApprovalRows.Decision(task.Decision))}, ")
                .Append($"decided_at = {update.Param(task.DecidedAt is { } at ? Utc(at) : (DateTime?)null)}, decided_by = {update.Param(task.DecidedBy)}, ")
                .Append($"comment = {update.Param(task.Comment)} WHERE id = {update.Param(task.Id)} AND decision IS NULL");
            if (await update.Build().ExecuteNonQueryAsync(cancellationToken) != 1)
                throw new ApprovalConflictException($"Task {task.Id} of approval request {r.Id} was already decided.");
        }
        if (change.NewTasks.Count == 0) return;
        var insert = session.Command(transaction);
        AppendTasks(insert, r.Id, change.NewTasks);
        await insert.Build().ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AppendTasks(SqlCommandBuilder sql, Guid request, IReadOnlyList<ApprovalTask> tasks)
    {
        if (tasks.Count == 0) return;
        sql.Append("INSERT INTO approval_tasks (request_id, step, approver_id, escalation, assigned_at, decision, decided_at, decided_by, comment) VALUES ");
        sql.Append(string.Join(", ", tasks.Select(t =>
            $"({sql.Param(request)}, {sql.Param(t.Step)}, {sql.Param(t.ApproverId)}, {sql.Param(t.Escalation)}, {sql.Param(Utc(t.AssignedAt))}, " +
            $"{sql.Param(ApprovalRows.Decision(t.Decision))}, {sql.Param(t.DecidedAt is { } at ? Utc(at) : (DateTime?)null)}, {sql.Param(t.DecidedBy)}, {sql.Param(t.Comment)})")));
        sql.Append(";\n");
    }

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
