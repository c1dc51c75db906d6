using System.Text.Json.Nodes;
using FunnelStudio.Audit;
using FunnelStudio.Outbox;

namespace FunnelStudio.Portal.Outbox;

/// <summary>What became of an admin's retry.</summary>
public enum OutboxRetryOutcome
{
    Retried,
    NotFound,
    /// <summary>Delivered already, or being delivered right now (its lease runs).</summary>
    NotRetryable,
}

/// <summary>
/// An admin's manual retry of a message (the admin page and the API): due now with its attempts from
/// zero, and an audit line saying who asked for it.
/// </summary>
public sealed class OutboxRetries(IOutboxStore store, IAuditLog audit, TimeProvider time)
{
    public async Task<OutboxRetryOutcome> RetryAsync(long id, string adminId, CancellationToken cancellationToken) =>
        (await RetryWithItemAsync(id, adminId, cancellationToken)).Outcome;

    /// <summary>
    /// The retry, and the message as the retry left it (pending, no attempts): read back afterwards it
    /// might already be claimed again by a delivery the retry woke, so the answer is what was written.
    /// </summary>
    public async Task<(OutboxRetryOutcome Outcome, OutboxItem? Item)> RetryWithItemAsync(long id, string adminId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } before) return (OutboxRetryOutcome.NotFound, null);
        if (!await store.RetryAsync(id, cancellationToken)) return (OutboxRetryOutcome.NotRetryable, null);
        var now = time.GetUtcNow().UtcDateTime;
        var details = new JsonObject
        {
            ["kind"] = before.Kind,
            ["description"] = before.Description,
            ["recordId"] = before.RecordId?.ToString(),
            ["status"] = StatusName(before.Status),
            ["attempts"] = before.Attempts,
            ["lastError"] = before.LastError,
        };
        await audit.WriteAsync(AuditEntry.Of(now, adminId, AuditActions.OutboxRetried, AuditActions.OutboxTarget,
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), details), cancellationToken);
        return (OutboxRetryOutcome.Retried, before with { Status = OutboxStatus.Pending, Attempts = 0, NextAttemptAt = now, DoneAt = null });
    }

    /// <summary>The status as the page's filter and the API name it.</summary>
    public static string StatusName(OutboxStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A status name from a query string; false for anything else (null or empty: every status).</summary>
    public static bool TryParseStatus(string? text, out OutboxStatus? status)
    {
        status = null;
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var value in Enum.GetValues<OutboxStatus>())
        {
            if (StatusName(value) != text) continue;
            status = value;
            return true;
        }
        return false;
    }
}
