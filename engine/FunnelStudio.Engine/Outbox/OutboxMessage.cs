namespace FunnelStudio.Outbox;

/// <summary>
/// A side effect a save asks for: written in the save's own transaction (see
/// <see cref="Saving.PersistRequest.Outbox"/>), delivered after the commit by an
/// <see cref="IOutboxHandler"/> of its <see cref="Kind"/>. A save that rolls back leaves no message;
/// a message whose handler fails is retried and never touches the save.
/// </summary>
/// <param name="Kind">Which handler delivers it (<c>script.afterSave</c>, <c>webhook</c> …).</param>
/// <param name="Payload">Everything the handler needs, as JSON: the handler runs later, maybe on another instance.</param>
public sealed record OutboxMessage(string Kind, string Payload)
{
    /// <summary>The record the message is about (for the admin page and for finding a record's messages).</summary>
    public Guid? RecordId { get; init; }

    /// <summary>A short description for admins (the hook, the plugin, the URL …).</summary>
    public string? Description { get; init; }

    /// <summary>Not delivered before this time (a timer, e.g. an approval step's escalation); null: at once.</summary>
    public DateTime? NotBefore { get; init; }
}
