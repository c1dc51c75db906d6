using FunnelStudio.Outbox;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Outbox;

/// <summary>
/// The INSERT of outbox messages, appended to a save's own command (so they commit exactly when the
/// record does) or sent on their own (<see cref="EfOutboxStore.EnqueueAsync"/>). Values are parameters.
/// </summary>
internal static class OutboxWrites
{
    public static void Insert(SqlCommandBuilder sql, IReadOnlyList<OutboxMessage> messages, DateTime now)
    {
        if (messages.Count == 0) return;
        var at = DateTime.SpecifyKind(now, DateTimeKind.Utc);
        sql.Append("INSERT INTO outbox (kind, payload, record_id, description, status, attempts, created_at, next_attempt_at) VALUES ");
        sql.Append(string.Join(", ", messages.Select(m =>
            $"({sql.Param(Kind(m))}, {sql.Param(m.Payload)}, {sql.Param(m.RecordId)}, {sql.Param(Cut(m.Description, OutboxLimits.Description))}, " +
            $"{sql.Param(OutboxStatusNames.Pending)}, 0, {sql.Param(at)}, {sql.Param(Due(m, at))})")));
        sql.Append(";\n");
    }

    private static DateTime Due(OutboxMessage message, DateTime now) =>
        message.NotBefore is { } due && due > now ? DateTime.SpecifyKind(due, DateTimeKind.Utc) : now;

    /// <summary>The message's kind, refused when it could not be stored (a programming error of whoever wrote the message).</summary>
    /// <summary>
    /// PostgreSQL: announces the messages to the delivery (NOTIFY is sent when the transaction commits,
    /// never if it rolls back). Nothing on SQLite, whose delivery polls.
    /// </summary>
    public static void Announce(Sql.SqlDialect dialect, Sql.SqlCommandBuilder sql)
    {
        if (dialect.Provider == StorageProvider.Postgres) sql.Append($"SELECT pg_notify('{OutboxChannel.Name}', '');\n");
    }

    private static string Kind(OutboxMessage message)
    {
        if (string.IsNullOrWhiteSpace(message.Kind) || message.Kind.Length > OutboxLimits.Kind)
            throw new ArgumentException($"An outbox message's kind must be 1 to {OutboxLimits.Kind} characters: '{message.Kind}'.");
        ArgumentNullException.ThrowIfNull(message.Payload);
        return message.Kind;
    }

    /// <summary>The text cut to <paramref name="max"/> characters, never between the two halves of a surrogate pair.</summary>
    public static string? Cut(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }
}
