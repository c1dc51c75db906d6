using System.Net;
using System.Net.Http.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

public sealed class IdempotencyApiOnSqlite(SqlitePortal server) : IdempotencyApiTests(server), IClassFixture<SqlitePortal>;

public sealed class IdempotencyApiOnPostgres(PostgresPortal server) : IdempotencyApiTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// <c>Idempotency-Key</c> on POST …/records and POST …/stage: a retry of the same request returns what
/// the first one stored and stores nothing more; the same key with another request is refused.
/// </summary>
public abstract class IdempotencyApiTests(PortalServer server)
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    public static string NewKey() => "order-" + Guid.NewGuid().ToString("N");

    public static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    private Task<long> DealsNamedAsync(string name) =>
        server.Database.CountAsync("SELECT count(*) FROM records WHERE object = 'deal' AND title = @title", ("title", name));

    [Fact]
    public async Task Create_RetriedWithTheSameKeyAndBody_ReturnsTheSameRecordAndLocation_AndStoresNoOther()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("幂等");
        var body = new { values = new { name, amount = 5000 } };
        var key = NewKey();

        var first = await PostAsync(rep, Deals.Url, body, key);
        var created = await first.AssertOkAsync(HttpStatusCode.Created);
        var retry = await PostAsync(rep, Deals.Url, body, key);
        var replayed = await retry.AssertOkAsync(HttpStatusCode.Created);

        Assert.False(Replayed(first));
        Assert.True(Replayed(retry));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(created.Id(), replayed.Id());
        Assert.Equal(first.ETag(), retry.ETag());
        Assert.Equal(name, replayed.GetProperty("values").GetProperty("name").GetString());
        Assert.Equal(1, await DealsNamedAsync(name));
        Assert.Equal(1, await server.Database.CountAsync("SELECT count(*) FROM idempotency_keys WHERE key = @key", ("key", key)));
    }

    [Fact]
    public async Task Create_WithAKeyUsedForAnotherBody_Is422IdempotencyKeyReused_AndStoresNothing()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var key = NewKey();
        var name = Deals.Unique("First");
        await (await PostAsync(rep, Deals.Url, new { values = new { name } }, key)).AssertOkAsync(HttpStatusCode.Created);
        var other = Deals.Unique("Other");

        var reused = await PostAsync(rep, Deals.Url, new { values = new { name = other } }, key);

        await reused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
        Assert.Equal(0, await DealsNamedAsync(other));
        Assert.Equal(1, await DealsNamedAsync(name));
    }

    [Fact]
    public async Task OneKey_BelongsToOneUser_AnotherUserSendingItStoresTheirOwnRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var key = NewKey();
        var name = Deals.Unique("Shared key");
        var body = new { values = new { name } };

        var mine = await (await PostAsync(rep, Deals.Url, body, key)).AssertOkAsync(HttpStatusCode.Created);
        var theirs = await PostAsync(rep2, Deals.Url, body, key);

        Assert.False(Replayed(theirs));
        Assert.NotEqual(mine.Id(), (await theirs.AssertOkAsync(HttpStatusCode.Created)).Id());
        Assert.Equal(2, await DealsNamedAsync(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("del\u007f")]
    [InlineData("201")]
    public async Task Create_WithAKeyThatIsNotOneToTwoHundredPrintableAsciiCharacters_Is400(string key)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("Bad key");

        var response = await PostAsync(rep, Deals.Url, new { values = new { name } }, key == "201" ? new string('k', 201) : key);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal(0, await DealsNamedAsync(name));
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneKey_StoreOneRecord_AndEveryRequestGetsIt()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("Race");
        var body = new { values = new { name, amount = 700 } };
        var key = NewKey();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(rep, Deals.Url, body, key)));

        var ids = new HashSet<string>();
        foreach (var response in responses) ids.Add((await response.AssertOkAsync(HttpStatusCode.Created)).Id());
        Assert.Single(ids);
        Assert.Single(responses, r => !Replayed(r));
        Assert.Equal(1, await DealsNamedAsync(name));
    }

    [Fact]
    public async Task Create_WithAKeyOlderThanADay_NoLongerMatches_AndStoresANewRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("Expired");
        var body = new { values = new { name } };
        var key = NewKey();
        var first = await (await PostAsync(rep, Deals.Url, body, key)).AssertOkAsync(HttpStatusCode.Created);
        await server.Database.ScalarAsync("UPDATE idempotency_keys SET created_at = @at WHERE key = @key",
            ("at", DateTime.UtcNow.AddHours(-25)), ("key", key));

        var again = await PostAsync(rep, Deals.Url, body, key);

        Assert.False(Replayed(again));
        Assert.NotEqual(first.Id(), (await again.AssertOkAsync(HttpStatusCode.Created)).Id());
        Assert.Equal(2, await DealsNamedAsync(name));
        Assert.Equal(1, await server.Database.CountAsync("SELECT count(*) FROM idempotency_keys WHERE key = @key", ("key", key)));
    }

    [Fact]
    public async Task StageMove_RetriedWithTheSameKey_ReturnsTheMovedRecord_AndRecordsOneMove()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("Move once");
        var (deal, _) = await Deals.CreateAsync(rep, new { name, source = "referral", icp_fit = true });
        var move = new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O") } };
        var key = NewKey();

        var first = await PostAsync(rep, $"{deal.RecordUrl()}/stage", move, key);
        var moved = await first.AssertOkAsync();
        var retry = await PostAsync(rep, $"{deal.RecordUrl()}/stage", move, key);
        var replayed = await retry.AssertOkAsync();

        Assert.Equal("mql", moved.GetProperty("stage").GetString());
        Assert.True(Replayed(retry));
        Assert.Equal(moved.Id(), replayed.Id());
        Assert.Equal(first.ETag(), retry.ETag());
        Assert.Equal(1, await server.Database.CountAsync(
            "SELECT count(*) FROM stage_history h JOIN records r ON r.id = h.record_id WHERE r.title = @title AND h.to_stage = 'mql'",
            ("title", name)));
        // The same key on another endpoint is another request.
        await (await PostAsync(rep, Deals.Url, new { values = new { name = Deals.Unique("Reused") } }, key))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "IDEMPOTENCY_KEY_REUSED");
    }
}
