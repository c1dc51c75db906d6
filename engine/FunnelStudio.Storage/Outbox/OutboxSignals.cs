using FunnelStudio.Outbox;
using FunnelStudio.Storage.Config;
using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage.Outbox;

/// <summary>The channel new outbox messages are announced on (NOTIFY in the transaction that wrote them).</summary>
internal static class OutboxChannel
{
    public const string Name = "funnelstudio_outbox";
}

/// <summary>PostgreSQL: wakes the portal's delivery when a committed transaction wrote outbox messages.</summary>
public sealed class PostgresOutboxSignal(FunnelStudioStorageOptions options, ILogger<PostgresOutboxSignal>? logger = null)
    : PostgresChannelListener(options, OutboxChannel.Name, logger), IOutboxSignal;
