namespace FunnelStudio.Outbox;

/// <summary>
/// Delivers the messages of one <see cref="Kind"/>. Throwing means "not delivered": the message is
/// tried again later with backoff, and becomes a dead letter after the last attempt. A handler runs
/// outside any save; it may call the save pipeline (a new save), never change the one that wrote the message.
/// </summary>
public interface IOutboxHandler
{
    string Kind { get; }

    Task HandleAsync(OutboxItem item, CancellationToken cancellationToken);
}
