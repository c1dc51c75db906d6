using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Analytics;

/// <summary>
/// The demo data with three deals that lost their owner, as records imported from an old system
/// before owners existed would be (the save path itself never leaves an owned record without one).
/// </summary>
public abstract class AnalyticsUnownedPortal(DatabaseProvider database) : PortalServer(database)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var contexts = Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var ids = await db.Database.SqlQueryRaw<Guid>(
            "SELECT id AS \"Value\" FROM records WHERE object = 'deal' AND deleted = FALSE ORDER BY created_at DESC").Take(3).ToListAsync();
        foreach (var id in ids)
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE records SET owner_id = NULL WHERE id = {id}");
    }
}

public sealed class SqliteAnalyticsUnownedPortal() : AnalyticsUnownedPortal(new SqliteDatabase());

public sealed class PostgresAnalyticsUnownedPortal() : AnalyticsUnownedPortal(new PostgresDatabase());

public sealed class SqliteAnalyticsUnownedTests(SqliteAnalyticsUnownedPortal server) : AnalyticsUnownedTests(server), IClassFixture<SqliteAnalyticsUnownedPortal>;

public sealed class PostgresAnalyticsUnownedTests(PostgresAnalyticsUnownedPortal server) : AnalyticsUnownedTests(server), IClassFixture<PostgresAnalyticsUnownedPortal>;

/// <summary>
/// The "(none)" slice of a split by owner is drillable like every other slice (<c>owner=__none</c>), and
/// the owner filter offers "(none)" to whoever reads every owner's records — and to no one else.
/// </summary>
public abstract class AnalyticsUnownedTests(AnalyticsUnownedPortal server)
{
    private const string Api = "/api/v1/analytics";
    private const string Rep = "rep@funnelstudio.local";

    private static string Period => $"object=deal&from={DateTime.UtcNow.AddDays(-200):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}&tz=UTC";

    [Fact]
    public async Task TheNoneSlice_AndTheNoneFilter_AreTheRecordsWithoutOwner_AndEveryLinkOfTheSliceListsThem()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var adminPages = await server.CookieClientAsync(TestUsers.Admin);

        var split = await (await admin.GetAsync($"{Api}/kpis?{Period}&split=owner")).AssertOkAsync();
        var filtered = await (await admin.GetAsync($"{Api}/kpis?{Period}&owner=__none")).AssertOkAsync();
        var none = split.GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("split").GetString() == "");
        var html = await adminPages.GetStringAsync($"/analytics?{Period}&period=custom&split=owner&interval=month");
        var links = DrillLinks.CountsIn(html).Where(l => l.Url.Contains("owner=__none", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, none.GetProperty("current").GetProperty("created").GetInt64());
        Assert.Equal(3, filtered.GetProperty("sets")[0].GetProperty("current").GetProperty("created").GetInt64());
        Assert.Contains(links, l => l.Fig == "kpi.created" && l.Text == "3");
        foreach (var (url, fig, text) in links)
        {
            var list = await adminPages.GetStringAsync(url);
            var total = DrillLinks.TotalOf(list);
            Assert.True(total is not null, $"{fig}: the list at {url} shows no total");
            Assert.True(text == total, $"{fig}: the dashboard says {text}, its list has {total} ({url})");
            Assert.Contains("(none)", list);
        }
        Assert.Matches("<option value=\"__none\" selected=\"selected\">", await adminPages.GetStringAsync($"/analytics?{Period}&period=custom&owner=__none"));
    }

    [Fact]
    public async Task ARep_IsNotOfferedNone_AndGetsNothingForIt()
    {
        using var rep = await server.SignInAsync(Rep);
        using var repPages = await server.CookieClientAsync(Rep);

        var filtered = await (await rep.GetAsync($"{Api}/kpis?{Period}&owner=__none")).AssertOkAsync();
        var page = await repPages.GetStringAsync($"/analytics?{Period}&period=custom");

        Assert.Equal(0, filtered.GetProperty("sets")[0].GetProperty("current").GetProperty("created").GetInt64());
        Assert.DoesNotContain("value=\"__none\"", page[page.IndexOf("id=\"fs-a-owner\"", StringComparison.Ordinal)..page.IndexOf("</select>",
            page.IndexOf("id=\"fs-a-owner\"", StringComparison.Ordinal), StringComparison.Ordinal)]);
    }
}
