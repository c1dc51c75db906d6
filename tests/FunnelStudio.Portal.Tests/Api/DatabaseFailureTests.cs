using System.Net;
using System.Net.Http.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>
/// Saves over HTTP on PostgreSQL when the database holds them up or fails under them: back-pressure
/// (503 OVERLOADED, in the API and the form), a client giving up while its create waits, batches
/// terminated mid-way with the database then going down (every client gets 201 or a clean 503, and
/// retrying with its Idempotency-Key stores each record once), a commit whose reply is lost, an
/// update whose outcome is unknown. Writes are held by locking <c>record_totals</c> (the totals
/// triggers' table) from a direct connection; the portal reaches the server through a proxy the test
/// can cut. Room for <see cref="ProxiedPostgresPortal.MaxQueuedCreates"/> waiting create.
/// </summary>
public sealed class DatabaseFailuresOnPostgres(ProxiedPostgresPortal server) : IClassFixture<ProxiedPostgresPortal>
{
    private const string Insert = "INSERT INTO records";
    private const int Running = EfRecordStore.CreateBatchSlots;

    private string Direct => server.Postgres.DirectConnectionString;
    private EfRecordStore Store => (EfRecordStore)server.Services.GetRequiredService<IRecordStore>();

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string name, string? key = null,
        CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Deals.Url) { Content = JsonContent.Create(new { values = new { name } }) };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, cancellationToken);
    }

    private Task<long> CountAsync(string name) =>
        server.Database.CountAsync("SELECT count(*) FROM records WHERE object = 'deal' AND title = @title", ("title", name));

    private async Task<string?> StoredIdAsync(string name) =>
        (await server.Database.ScalarAsync("SELECT id::text FROM records WHERE object = 'deal' AND title = @title", ("title", name))) as string;

    /// <summary>Every batch slot busy with a create held at the lock.</summary>
    private async Task<(List<Task<HttpResponseMessage>> Responses, IReadOnlyList<int> Blocked)> HoldBatchesAsync(HttpClient client,
        IReadOnlyList<string> names, IReadOnlyList<string>? keys = null)
    {
        var responses = names.Select((name, i) => CreateAsync(client, name, keys?[i])).ToList();
        var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, Insert, Running);
        await Limits.UntilAsync(() => Store.PendingCreates == names.Count, $"all {names.Count} creates reached the store");
        return (responses, blocked);
    }

    [Fact]
    public async Task Create_WhenEveryBatchIsHeldAndTheQueueIsFull_Is503OverloadedWithRetryAfter_AndStoresNothing()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var names = Enumerable.Range(0, Running + ProxiedPostgresPortal.MaxQueuedCreates).Select(i => Deals.Unique($"Held {i}")).ToList();
        var refusedName = Deals.Unique("One too many");
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (responses, _) = await HoldBatchesAsync(rep, names);
            Assert.Equal(ProxiedPostgresPortal.MaxQueuedCreates, Store.QueuedCreates);

            var refused = await CreateAsync(rep, refusedName);

            await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "OVERLOADED");
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            await held.DisposeAsync();
            foreach (var response in responses) await (await response.Within()).AssertOkAsync(HttpStatusCode.Created);
        }
        Assert.Equal(0, await CountAsync(refusedName));
        foreach (var name in names) Assert.Equal(1, await CountAsync(name));
    }

    [Fact]
    public async Task NewRecordForm_WhenTheQueueIsFull_Is503WithAClearMessage_AndKeepsWhatWasTyped()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var browser = await server.SignInToPagesAsync("rep@funnelstudio.local");
        var token = PortalServer.FormToken(await browser.GetStringAsync("/o/deal/new"));
        var names = Enumerable.Range(0, Running + ProxiedPostgresPortal.MaxQueuedCreates).Select(i => Deals.Unique($"Held {i}")).ToList();
        var typed = Deals.Unique("Typed in the form");
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (responses, _) = await HoldBatchesAsync(rep, names);

            var posted = await browser.PostAsync("/o/deal/new", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["f.name"] = typed,
            }));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, posted.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), posted.Headers.RetryAfter?.Delta);
            var html = await posted.Content.ReadAsStringAsync();
            Assert.Contains("id=\"fs-unavailable\"", html);
            Assert.Contains("Too many records are being saved right now, so this one was not saved.", html);
            Assert.Contains($"value=\"{typed}\"", html);
            await held.DisposeAsync();
            foreach (var response in responses) await (await response.Within()).AssertOkAsync(HttpStatusCode.Created);
        }
        Assert.Equal(0, await CountAsync(typed));
    }

    [Fact]
    public async Task Create_AbandonedByItsClientWhileItWaits_LeavesTheQueue_AndIsNeverStored()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var names = Enumerable.Range(0, Running).Select(i => Deals.Unique($"Held {i}")).ToList();
        var abandonedName = Deals.Unique("Abandoned");
        var nextName = Deals.Unique("Next");
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        await using (held)
        {
            var (responses, _) = await HoldBatchesAsync(rep, names);
            using var giveUp = new CancellationTokenSource();
            var abandoned = CreateAsync(rep, abandonedName, cancellationToken: giveUp.Token);
            await Limits.UntilAsync(() => Store.QueuedCreates == 1, "the create waits in the queue");

            await giveUp.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.Within());
            await Limits.UntilAsync(() => Store.QueuedCreates == 0, "the server takes the abandoned create out of the queue");
            // Its place is free: the next create waits instead of being refused.
            var next = CreateAsync(rep, nextName);
            await Limits.UntilAsync(() => Store.QueuedCreates == 1, "the next create waits in the queue");
            await held.DisposeAsync();
            foreach (var response in responses.Append(next)) await (await response.Within()).AssertOkAsync(HttpStatusCode.Created);
        }
        Assert.Equal(0, await CountAsync(abandonedName));
        Assert.Equal(1, await CountAsync(nextName));
    }

    [Fact]
    public async Task BatchesTerminatedMidway_ThenTheDatabaseDown_EveryClientGetsAClean503_AndItsRetryWithItsKeyStoresItsRecordOnce()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var names = Enumerable.Range(0, Running + ProxiedPostgresPortal.MaxQueuedCreates).Select(i => Deals.Unique($"Outage {i}")).ToList();
        var keys = names.Select(_ => IdempotencyApiTests.NewKey()).ToList();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        try
        {
            await using (held)
            {
                var (responses, blocked) = await HoldBatchesAsync(rep, names, keys);

                // An administrator terminates the batches' sessions: their creates are looked up, not
                // found, and sent again on their own, held at the lock again.
                await PostgresSessions.TerminateAsync(Direct, blocked);
                var resent = await PostgresSessions.WaitForBlockedAsync(Direct, Insert, Running, except: blocked);
                // Then the database goes away: nobody can find out whether those were stored.
                server.Postgres.Proxy.GoDown();

                foreach (var response in responses)
                {
                    var answer = await response.Within();
                    await answer.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "DATABASE_UNAVAILABLE");
                    Assert.NotNull(answer.Headers.RetryAfter);
                }
                // The server still had the re-sent creates: released, they commit, unheard.
                await held.DisposeAsync();
                await PostgresSessions.WaitForGoneAsync(Direct, resent);
            }
        }
        finally
        {
            server.Postgres.Proxy.ComeBack();
        }
        var storedMeanwhile = new Dictionary<string, string>();
        foreach (var name in names)
            if (await StoredIdAsync(name) is { } id) storedMeanwhile[name] = id;
        Assert.Equal(Running, storedMeanwhile.Count);

        // Every client retries with its key: what was stored is returned, what was not is stored now.
        for (var i = 0; i < names.Count; i++)
        {
            var retry = await CreateAsync(rep, names[i], keys[i]);
            var record = await retry.AssertOkAsync(HttpStatusCode.Created);
            Assert.Equal(storedMeanwhile.ContainsKey(names[i]), IdempotencyApiTests.Replayed(retry));
            if (storedMeanwhile.TryGetValue(names[i], out var id)) Assert.Equal(id, record.Id());
        }
        foreach (var name in names) Assert.Equal(1, await CountAsync(name));
        foreach (var key in keys)
            Assert.Equal(1, await server.Database.CountAsync("SELECT count(*) FROM idempotency_keys WHERE key = @key", ("key", key)));
    }

    [Fact]
    public async Task CreateWhoseCommitReplyIsLost_Is201WithTheStoredRecord_AndItsRetryReturnsTheSameRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("Unheard");
        var key = IdempotencyApiTests.NewKey();
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        HttpResponseMessage answer;
        await using (held)
        {
            var response = CreateAsync(rep, name, key);
            var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, Insert, 1);
            server.Postgres.Proxy.LoseNextReply(blocked[0]);

            await held.DisposeAsync();
            answer = await response.Within();
        }

        var record = await answer.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(await StoredIdAsync(name), record.Id());
        var retry = await CreateAsync(rep, name, key);
        Assert.True(IdempotencyApiTests.Replayed(retry));
        Assert.Equal(record.Id(), (await retry.AssertOkAsync(HttpStatusCode.Created)).Id());
        Assert.Equal(1, await CountAsync(name));
    }

    [Fact]
    public async Task UpdateWhoseOutcomeIsUnknown_Is503_AndItsRetryFromTheOldETagIs412_ForItWasStored()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Unknown update"), amount = 1000 });
        var held = await PostgresSessions.LockAsync(Direct, "record_totals");
        try
        {
            await using (held)
            {
                // An amount change updates the totals at the commit: the COMMIT waits for the lock.
                var update = rep.PatchJsonAsync(deal.RecordUrl(), new { amount = 2000 }, etag);
                var blocked = await PostgresSessions.WaitForBlockedAsync(Direct, "COMMIT", 1);
                server.Postgres.Proxy.GoDown();

                await (await update.Within()).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "DATABASE_UNAVAILABLE");
                await held.DisposeAsync();
                await PostgresSessions.WaitForGoneAsync(Direct, blocked);
            }
        }
        finally
        {
            server.Postgres.Proxy.ComeBack();
        }

        var retry = await rep.PatchJsonAsync(deal.RecordUrl(), new { amount = 2000 }, etag);

        await retry.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "CONFLICT");
        var now = await (await rep.GetAsync(deal.RecordUrl())).AssertOkAsync();
        Assert.Equal(2000m, now.GetProperty("values").GetProperty("amount").GetDecimal());
    }
}
