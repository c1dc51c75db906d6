using System.Diagnostics;
using FunnelStudio.Outbox;
using FunnelStudio.Scripting.Hooks;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteWebhookDeliveryTests(SqliteDatabase database) : WebhookDeliveryTests<SqliteDatabase>(database);

public sealed class PostgresWebhookDeliveryTests(PostgresDatabase database) : WebhookDeliveryTests<PostgresDatabase>(database);

/// <summary>
/// Webhooks through the outbox with the real handler and its resilient HttpClient (<see cref="WebhookHttp"/>) to
/// receivers on loopback: the outbox's backoff is the retry across failures, a receiver that hangs costs one
/// slot for one attempt timeout, and a dead host's circuit opens so later posts to it fail at once.
/// </summary>
public abstract class WebhookDeliveryTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime
    where TDatabase : StorageDatabase
{
    private readonly ManualClock _clock = new();
    private readonly ServiceProvider _http = new ServiceCollection().AddLogging()
        .AddSingleton(new WebhookOptions { AllowPrivateNetworks = true, TimeoutSeconds = 5 }).AddWebhookHttp().BuildServiceProvider();

    private EfOutboxStore Store => OutboxKit.Store(database, _clock);

    private static readonly OutboxOptions Options = new()
    {
        BatchSize = 4, PollInterval = TimeSpan.FromMilliseconds(50), MaxAttempts = 5, BackoffBase = TimeSpan.FromSeconds(10),
        BackoffCap = TimeSpan.FromMinutes(1), Lease = TimeSpan.FromMinutes(2), HandlerTimeout = TimeSpan.FromSeconds(30),
    };

    public Task InitializeAsync() => OutboxKit.ClearAsync(database);

    public async Task DisposeAsync() => await _http.DisposeAsync();

    private WebhookHandler Handler() => new(_http.GetRequiredService<IHttpClientFactory>(), _clock);

    private static OutboxMessage Post(string url, int n = 1) => WebhookMessages.Create(new Uri(url), $$"""{"n":{{n}}}""", "secret", null);

    [Fact]
    public async Task ReceiverThatFailsTwice_ThenTakesIt_IsDeliveredOnce_ByTheOutboxBackoff()
    {
        using var receiver = new ScriptedReceiver(failures: 2);
        await Store.EnqueueAsync([Post(receiver.Url)], CancellationToken.None);
        var dispatcher = OutboxKit.Dispatcher(Store, _clock, Options, Handler());

        var batches = new List<OutboxBatch>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            batches.Add(await dispatcher.DispatchAsync(CancellationToken.None));
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        // A 503 is not retried within the call (the receiver may have taken the post): each attempt is one post.
        Assert.Equal([new(1, 0, 1, 0, 0), new(1, 0, 1, 0, 0), new(1, 1, 0, 0, 0), OutboxBatch.None], batches);
        Assert.Equal(3, receiver.Posts);
        Assert.Equal(1, receiver.Accepted);
        var item = Assert.Single(await Store.ListAsync(null, null, 10, CancellationToken.None));
        Assert.Equal(OutboxStatus.Done, item.Status);
        Assert.Equal(3, item.Attempts);
        Assert.Contains("answered 503", item.LastError);
    }

    [Fact]
    public async Task ReceiverThatTimesOut_DoesNotHoldUpOtherMessages()
    {
        using var hanging = new ScriptedReceiver(hang: true);
        using var receiver = new ScriptedReceiver();
        await Store.EnqueueAsync([Post(hanging.Url)], CancellationToken.None);
        await Store.EnqueueAsync(Enumerable.Range(1, 12).Select(n => Post(receiver.Url, n)).ToList(), CancellationToken.None);
        var pump = new OutboxPump(OutboxKit.Dispatcher(Store, _clock, Options, Handler()), new PollingOutboxSignal(TimeProvider.System),
            Microsoft.Extensions.Options.Options.Create(Options));
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var running = pump.RunAsync(stop.Token);
        for (var waited = 0; pump.Delivered < 12 && waited < 20_000; waited += 20) await Task.Delay(20);
        var othersDone = clock.Elapsed;
        var hangingMeanwhile = Assert.Single(await Store.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None));
        for (var waited = 0; hanging.Posts == 0 || (await Store.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None))
            .Any(i => i.LastError is null) && waited < 20_000; waited += 20) await Task.Delay(20);
        await stop.CancelAsync();
        await running;

        Assert.Equal(12, receiver.Accepted);
        Assert.Equal(12, pump.Delivered);
        // The twelve went through the other three slots while the hanging post still waited for its 5 s attempt
        // timeout (with batch after batch, eight of them would have waited for it).
        Assert.True(othersDone < TimeSpan.FromSeconds(5), $"the others took {othersDone.TotalMilliseconds:0} ms");
        Assert.Null(hangingMeanwhile.LastError);
        var stuck = Assert.Single(await Store.ListAsync(OutboxStatus.Pending, null, 10, CancellationToken.None));
        Assert.Equal(1, stuck.Attempts);
        Assert.Contains("did not answer within 5 s", stuck.LastError);
    }

    [Fact]
    public async Task DeadReceiver_OpensItsHostsCircuit_SoLaterPostsFailAtOnce_WhileOtherHostsAreServed()
    {
        var dead = ScriptedReceiver.Refusing();
        using var alive = new ScriptedReceiver();
        var handler = Handler();
        var errors = new List<string>();

        for (var n = 1; n <= WebhookHttp.BreakerMinimumThroughput + 2; n++)
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() =>
                handler.HandleAsync(new OutboxItem(n, WebhookMessages.Kind, Post(dead, n).Payload, OutboxStatus.Pending), CancellationToken.None));
            errors.Add(error.Message);
        }
        await handler.HandleAsync(new OutboxItem(100, WebhookMessages.Kind, Post(alive.Url).Payload, OutboxStatus.Pending), CancellationToken.None);

        Assert.DoesNotContain("circuit breaker", errors[0]);
        Assert.Contains("posts to it are paused for 30 s (circuit breaker)", errors[^1]);
        Assert.Equal(1, alive.Accepted);
    }

    [Fact]
    public async Task HangingReceiver_OpensItsHostsCircuitWithItsTimeouts_SoLaterPostsFailAtOnce()
    {
        using var hanging = new ScriptedReceiver(hang: true);
        await using var http = new ServiceCollection().AddLogging()
            .AddSingleton(new WebhookOptions { AllowPrivateNetworks = true, TimeoutSeconds = 1 }).AddWebhookHttp().BuildServiceProvider();
        var handler = new WebhookHandler(http.GetRequiredService<IHttpClientFactory>(), _clock);
        Task Send(int n) => handler.HandleAsync(new OutboxItem(n, WebhookMessages.Kind, Post(hanging.Url, n).Payload, OutboxStatus.Pending), CancellationToken.None);

        var timedOut = await Task.WhenAll(Enumerable.Range(1, WebhookHttp.BreakerMinimumThroughput)
            .Select(async n => (await Assert.ThrowsAsync<HttpRequestException>(() => Send(n))).Message));
        var clock = Stopwatch.StartNew();
        var paused = await Assert.ThrowsAsync<HttpRequestException>(() => Send(99));
        clock.Stop();

        Assert.All(timedOut, message => Assert.Contains("did not answer within 1 s", message));
        Assert.Contains("posts to it are paused for 30 s (circuit breaker)", paused.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.5), $"the paused post took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(WebhookHttp.BreakerMinimumThroughput, hanging.Posts);
    }
}
