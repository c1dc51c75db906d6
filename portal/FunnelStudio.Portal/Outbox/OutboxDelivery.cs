using FunnelStudio.Outbox;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Outbox;

/// <summary>
/// Delivers the outbox in the background: one <see cref="OutboxDispatcher"/> batch after another while
/// batches come back full, else a pause of <see cref="OutboxOptions.PollInterval"/> that a save
/// writing messages cuts short (<see cref="IOutboxSignal"/>: NOTIFY on PostgreSQL). Every portal
/// instance runs one; their claims never overlap (see <see cref="IOutboxStore"/>). Handlers are
/// checked at start, so two handlers of one kind stop the portal instead of racing.
/// </summary>
public sealed class OutboxDelivery(OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, IOutboxSignal signal,
    ILogger<OutboxDelivery> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var kinds = dispatcher.CheckHandlers();
        logger.LogInformation("Outbox delivery starts with handlers for {Kinds}", kinds.Count == 0 ? "no kind" : string.Join(", ", kinds));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            // Never throws; a failed claim is logged by the dispatcher and tried again after the pause.
            var batch = await dispatcher.DispatchAsync(stoppingToken);
            if (batch.Claimed >= settings.BatchSize) continue;
            try
            {
                // Woken at once on PostgreSQL when a save writes messages; otherwise after the poll interval.
                await signal.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
