using FunnelStudio.Outbox;

namespace FunnelStudio.Portal.Outbox;

/// <summary>
/// Delivers the outbox in the background with the engine's <see cref="OutboxPump"/>: up to
/// <see cref="OutboxOptions.BatchSize"/> messages in delivery at a time, refilled as slots free up, a pause of
/// <see cref="OutboxOptions.PollInterval"/> when nothing is due that a save writing messages cuts short
/// (<see cref="IOutboxSignal"/>: NOTIFY on PostgreSQL). Every portal instance runs one; their claims never
/// overlap (see <see cref="IOutboxStore"/>). Handlers are checked at start, so two handlers of one kind stop
/// the portal instead of racing.
/// </summary>
public sealed class OutboxDelivery(OutboxDispatcher dispatcher, OutboxPump pump, ILogger<OutboxDelivery> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var kinds = dispatcher.CheckHandlers();
        logger.LogInformation("Outbox delivery starts with handlers for {Kinds}", kinds.Count == 0 ? "no kind" : string.Join(", ", kinds));
        return base.StartAsync(cancellationToken);
    }

    /// <summary>Never throws: a failed claim is logged by the dispatcher and tried again after the pause.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => pump.RunAsync(stoppingToken);
}
