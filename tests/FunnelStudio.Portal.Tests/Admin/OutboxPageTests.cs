using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FunnelStudio.Outbox;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Admin;

public sealed class SqliteOutboxPageTests(SqliteOutboxPortal server) : OutboxPageTests(server), IClassFixture<SqliteOutboxPortal>;

public sealed class PostgresOutboxPageTests(PostgresOutboxPortal server) : OutboxPageTests(server), IClassFixture<PostgresOutboxPortal>;

/// <summary>
/// The outbox over real HTTP, with the portal's own background delivery: a message whose handler
/// fails ends dead, the admin page lists it with its error, and its Retry button (antiforgery, audited)
/// has it delivered; the API says the same with codes; only admins get either.
/// </summary>
public abstract class OutboxPageTests(OutboxPortal server)
{
    private const string Url = "/api/v1/outbox";

    /// <summary>Writes a message the way a save's side effect would be (there is no endpoint that only enqueues) and waits for it to die.</summary>
    private async Task<long> DeadMessageAsync(HttpClient api, string key)
    {
        var store = server.Services.GetRequiredService<IOutboxStore>();
        var record = Guid.NewGuid();
        await store.EnqueueAsync([new OutboxMessage(OutboxPortal.Kind, JsonSerializer.Serialize(new { key })) { RecordId = record, Description = "test " + key }],
            CancellationToken.None);
        var id = Assert.Single(await store.ListAsync(null, record, 10, CancellationToken.None)).Id;
        Assert.Equal("dead", (await WaitForStatusAsync(api, id, "dead")).GetProperty("status").GetString());
        return id;
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient api, long id, string status)
    {
        JsonElement message = default;
        for (var i = 0; i < 200; i++)
        {
            message = await (await api.GetAsync($"{Url}/{id}")).AssertOkAsync();
            if (message.GetProperty("status").GetString() == status) return message;
            await Task.Delay(50);
        }
        return message;
    }

    [Fact]
    public async Task DeadMessage_IsListedForAdmins_AndItsRetryButtonHasItDelivered()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var admin = await server.CookieClientAsync(TestUsers.Admin, language: "zh-CN");
        var key = Guid.NewGuid().ToString("N");
        var id = await DeadMessageAsync(api, key);

        var page = await admin.GetStringAsync("/admin/outbox?status=dead");

        Assert.Contains("发件箱", page);
        Assert.Contains($"data-id=\"{id}\" data-status=\"dead\"", page);
        Assert.Contains($"test {key}", page);
        Assert.Contains("InvalidOperationException: receiver down", page);
        Assert.Contains($"action=\"/admin/outbox?id={id}&amp;status=dead&amp;handler=Retry\"", page);

        server.Healthy[key] = true;
        var posted = await admin.PostFormAsync("/admin/outbox?status=dead", $"/admin/outbox?id={id}&status=dead&handler=Retry", []);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/admin/outbox?status=dead&retried={id}", posted.Headers.Location!.OriginalString);
        Assert.Contains("id=\"fs-outbox-retried\"", await admin.GetStringAsync(posted.Headers.Location!.OriginalString));
        var delivered = await WaitForStatusAsync(api, id, "done");
        Assert.Equal("done", delivered.GetProperty("status").GetString());
        Assert.Equal(1, delivered.GetProperty("attempts").GetInt32());
        var audit = await admin.GetStringAsync("/admin/audit?action=outbox.retried");
        Assert.Contains($"data-action=\"outbox.retried\" data-target-id=\"{id}\"", audit);
    }

    [Fact]
    public async Task RetryForm_WithoutItsAntiforgeryToken_IsRefused_AndChangesNothing()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var admin = await server.CookieClientAsync(TestUsers.Admin);
        var id = await DeadMessageAsync(api, Guid.NewGuid().ToString("N"));

        var posted = await admin.PostAsync($"/admin/outbox?id={id}&handler=Retry", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Equal("dead", (await (await api.GetAsync($"{Url}/{id}")).AssertOkAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Api_ListsDeadMessages_AndRetry_AnswersWithCodes()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        var key = Guid.NewGuid().ToString("N");
        var id = await DeadMessageAsync(api, key);

        var dead = await (await api.GetAsync($"{Url}?status=dead")).AssertOkAsync();
        Assert.Contains(dead.GetProperty("items").EnumerateArray(), m => m.GetProperty("id").GetInt64() == id
            && m.GetProperty("lastError").GetString() == "InvalidOperationException: receiver down"
            && m.GetProperty("kind").GetString() == OutboxPortal.Kind);
        await (await api.GetAsync($"{Url}?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await api.PostAsync($"{Url}/{id}/retry", null)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await (await api.PostJsonAsync($"{Url}/999999999/retry", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        server.Healthy[key] = true;
        var retried = await (await api.PostJsonAsync($"{Url}/{id}/retry", new { })).AssertOkAsync();
        Assert.Equal(0, retried.GetProperty("attempts").GetInt32());
        Assert.Equal("done", (await WaitForStatusAsync(api, id, "done")).GetProperty("status").GetString());
        await (await api.PostJsonAsync($"{Url}/{id}/retry", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "OUTBOX_NOT_RETRYABLE");
    }

    [Fact]
    public async Task OutboxPageAndApi_ForANonAdmin_AreForbidden()
    {
        using var rep = await server.CookieClientAsync("rep@funnelstudio.local");
        using var repApi = await server.SignInAsync("rep@funnelstudio.local");

        var page = await rep.GetAsync("/admin/outbox");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/AccessDenied", page.Headers.Location!.AbsolutePath);
        await (await repApi.GetAsync($"{Url}?status=dead")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await repApi.PostJsonAsync($"{Url}/1/retry", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}

public sealed class SqliteOutboxPortal() : OutboxPortal(new SqliteDatabase());

public sealed class PostgresOutboxPortal() : OutboxPortal(new PostgresDatabase());

/// <summary>
/// A portal delivering its outbox quickly (one attempt, then dead) to a test handler that fails
/// until the test marks the message's key healthy.
/// </summary>
public abstract class OutboxPortal(DatabaseProvider database) : PortalServer(database)
{
    public const string Kind = "test.receiver";

    public ConcurrentDictionary<string, bool> Healthy { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("FunnelStudio:Outbox:PollInterval", "00:00:00.050"),
        new("FunnelStudio:Outbox:MaxAttempts", "1"),
    ];

    protected override void Configure(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.AddSingleton<IOutboxHandler>(new Receiver(this)));

    private sealed class Receiver(OutboxPortal portal) : IOutboxHandler
    {
        public string Kind => OutboxPortal.Kind;

        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
        {
            var key = JsonDocument.Parse(item.Payload).RootElement.GetProperty("key").GetString()!;
            return portal.Healthy.ContainsKey(key) ? Task.CompletedTask : throw new InvalidOperationException("receiver down");
        }
    }
}
