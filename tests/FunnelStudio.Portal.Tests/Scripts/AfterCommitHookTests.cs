using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Outbox;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>
/// <c>afterSave</c> hooks end to end, over real HTTP with the portal's own outbox delivery: the save
/// answers first, the hook runs from the outbox a moment later, what it sets is a new save by the
/// saving user, and a hook that throws is retried, then kept as a dead letter and listed as a script failure.
/// And the webhook-notify plugin (<c>onStageChange</c>): a stage move posts one signed WeCom bot text
/// to a receiver on a loopback port (private networks allowed here; refused: <see cref="PrivateWebhookTests"/>).
/// </summary>
public abstract class AfterCommitHookTests(AfterCommitPortal server)
{
    private const string Admin = "admin@funnelstudio.local";
    private const string Rep = "rep@funnelstudio.local";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static string? Value(JsonElement record, string field) =>
        record.GetProperty("values").TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>GETs <paramref name="url"/> until <paramref name="done"/> holds (<see cref="Patience"/> at most); returns the last answer.</summary>
    private static async Task<JsonElement> PollAsync(HttpClient client, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var answer = await (await client.GetAsync(url)).AssertOkAsync();
            if (done(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(50);
        }
    }

    private static async Task<string> PollPageAsync(HttpClient client, string url, string expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var page = await client.GetStringAsync(url);
            if (page.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline) return page;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Create_WithAnAfterSaveHookThatSetsAField_AnswersFirst_ThenTheOutboxSavesTheFieldAsTheSavingUser()
    {
        using var rep = await server.SignInAsync(Rep);

        var (created, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("after"), timeline = AfterCommitPortal.Stamp });

        // The create's answer is the record as the save stored it: the hook runs after the commit.
        Assert.Null(Value(created, "decision_maker"));
        var read = await PollAsync(rep, created.RecordUrl(), r => Value(r, "decision_maker") is not null);
        Assert.Equal(AfterCommitPortal.Stamped, Value(read, "decision_maker"));
        Assert.True(read.GetProperty("version").GetInt64() > created.GetProperty("version").GetInt64());
        // Field history has no endpoint yet: read it through the record service.
        await using var scope = server.Services.CreateAsyncScope();
        var history = await scope.ServiceProvider.GetRequiredService<IRecordService>()
            .FieldHistoryAsync("deal", Guid.Parse(created.Id()), ActingUser.System, CancellationToken.None);
        var change = Assert.Single(history, h => h.Field == "decision_maker");
        Assert.Equal(JsonSerializer.Serialize(AfterCommitPortal.Stamped), change.NewValue);
        Assert.Equal(await UserIdAsync(Rep), change.By);
    }

    [Fact]
    public async Task Create_WithAnAfterSaveHookThatThrows_IsStored_AndTheHookIsRetriedThenDead_OnTheOutboxAndScriptFailuresPages()
    {
        using var rep = await server.SignInAsync(Rep);
        using var adminApi = await server.SignInAsync(Admin);
        var name = Deals.Unique("after-throws");

        var (created, _) = await Deals.CreateAsync(rep, new { name, timeline = AfterCommitPortal.Throw });

        var list = await PollAsync(adminApi, $"/api/v1/outbox?record={created.Id()}",
            l => l.GetProperty("items").EnumerateArray().Any(m => m.GetProperty("status").GetString() == "dead"));
        var dead = Assert.Single(list.GetProperty("items").EnumerateArray(), m => m.GetProperty("kind").GetString() == "script.hook");
        Assert.Equal(("dead", AfterCommitPortal.MaxAttempts), (dead.GetProperty("status").GetString(), dead.GetProperty("attempts").GetInt32()));
        var error = dead.GetProperty("lastError").GetString()!;
        Assert.Contains(AfterCommitPortal.Thrown, error);
        Assert.Contains(AfterCommitPortal.ThrowLocation, error);
        // The save itself stands.
        Assert.Equal(name, Value(await (await rep.GetAsync(created.RecordUrl())).AssertOkAsync(), "name"));

        using var admin = await server.SignInToPagesAsync(Admin);
        var outboxPage = await admin.GetStringAsync("/admin/outbox?status=dead");
        Assert.Contains($"data-id=\"{dead.GetProperty("id").GetInt64()}\" data-status=\"dead\"", outboxPage);
        Assert.Contains("afterSave", outboxPage);
        var scriptsPage = await PollPageAsync(admin, "/admin/scripts", $"data-record-id=\"{created.Id()}\"");
        Assert.Contains($"data-record-id=\"{created.Id()}\"", scriptsPage);
        Assert.Matches($@"{Regex.Escape(AfterCommitPortal.ThrowLocation)}\d+: .*{Regex.Escape(AfterCommitPortal.Thrown)}", scriptsPage);
    }

    [Fact]
    public async Task StageMove_WithPrivateNetworksAllowed_PostsOneSignedWeComTextToTheReceiver()
    {
        var (id, name) = await StageMoves.CreateAndMoveAsync(server);

        var received = await server.Receiver.NextAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(received);
        Assert.Equal(("POST", "/hook"), (received.Method, received.Path));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("text", body.GetProperty("msgtype").GetString());
        var content = body.GetProperty("text").GetProperty("content").GetString()!;
        Assert.Contains(name, content);
        Assert.Contains("lead → mql", content);
        var timestamp = received.Headers["X-FunnelStudio-Timestamp"];
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AfterCommitPortal.Secret),
            Encoding.UTF8.GetBytes($"{timestamp}.{received.Body}")));
        Assert.Equal(expected, received.Headers["X-FunnelStudio-Signature"]);
        var webhook = Assert.Single(await StageMoves.SettledAsync(server, id, "webhook"));
        Assert.Equal((OutboxStatus.Done, 1), (webhook.Status, webhook.Attempts));
        // One move, one post.
        Assert.Null(await server.Receiver.NextAsync(TimeSpan.FromMilliseconds(500)));
    }

    private async Task<string> UserIdAsync(string email)
    {
        using var admin = await server.SignInAsync(Admin);
        var page = await (await admin.GetAsync($"/api/v1/users?q={Uri.EscapeDataString(email)}")).AssertOkAsync();
        return page.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
    }
}

public sealed class AfterCommitHooksOnSqlite(SqliteAfterCommitPortal server) : AfterCommitHookTests(server), IClassFixture<SqliteAfterCommitPortal>;

public sealed class AfterCommitHooksOnPostgres(PostgresAfterCommitPortal server) : AfterCommitHookTests(server), IClassFixture<PostgresAfterCommitPortal>;
