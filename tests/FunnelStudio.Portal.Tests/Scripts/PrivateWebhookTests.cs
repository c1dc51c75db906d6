using FunnelStudio.Outbox;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>Moving a deal's stage over the API, and waiting for the outbox messages it left.</summary>
public static class StageMoves
{
    private const string Rep = "rep@funnelstudio.local";

    /// <summary>Creates a deal and moves it from lead to mql as the rep; returns the deal's id and name.</summary>
    public static async Task<(string Id, string Name)> CreateAndMoveAsync(PortalServer server)
    {
        using var rep = await server.SignInAsync(Rep);
        var name = Deals.Unique("notify");
        var (deal, _) = await Deals.CreateAsync(rep, new { name, source = "referral", icp_fit = true });
        var moved = await (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage",
            new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O") } })).AssertOkAsync();
        Assert.Equal("mql", moved.GetProperty("stage").GetString());
        return (deal.Id(), name);
    }

    /// <summary>The record's outbox messages of <paramref name="kind"/> once one of them is no longer pending (10 s at most).</summary>
    public static async Task<IReadOnlyList<OutboxItem>> SettledAsync(PortalServer server, string recordId, string kind)
    {
        var store = server.Services.GetRequiredService<IOutboxStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var items = (await store.ListAsync(null, Guid.Parse(recordId), 50, CancellationToken.None)).Where(m => m.Kind == kind).ToList();
            if (items.Any(m => m.Status != OutboxStatus.Pending) || DateTime.UtcNow > deadline) return items;
            await Task.Delay(50);
        }
    }
}

/// <summary>
/// The webhook-notify plugin with private networks refused (the default): its post to a loopback
/// receiver is never made, and the outbox message fails naming why. (Delivery when allowed:
/// <see cref="AfterCommitHookTests"/>.)
/// </summary>
public abstract class PrivateWebhookTests(AfterCommitPortal server)
{
    [Fact]
    public async Task StageMove_ToALoopbackReceiver_WithPrivateNetworksRefused_FailsNamingThePrivateNetwork()
    {
        var (id, _) = await StageMoves.CreateAndMoveAsync(server);

        var webhook = Assert.Single(await StageMoves.SettledAsync(server, id, "webhook"));

        Assert.Equal(OutboxStatus.Dead, webhook.Status);
        Assert.Contains("private", webhook.LastError);
        Assert.Contains("FunnelStudio:Webhooks:AllowPrivateNetworks", webhook.LastError);
        Assert.Null(await server.Receiver.NextAsync(TimeSpan.FromMilliseconds(200)));
    }
}

public sealed class PrivateWebhookOnSqlite(SqlitePrivateWebhookPortal server) : PrivateWebhookTests(server), IClassFixture<SqlitePrivateWebhookPortal>;

public sealed class PrivateWebhookOnPostgres(PostgresPrivateWebhookPortal server) : PrivateWebhookTests(server), IClassFixture<PostgresPrivateWebhookPortal>;
