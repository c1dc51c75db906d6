using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Pages;

/// <summary>The list page pages through records server-side.</summary>
public abstract partial class ListPageTests(PortalServer server)
{
    [Fact]
    public async Task ListPage_WithPageTwo_ShowsTheSecondFifty()
    {
        using (var api = await server.SignInAsync("admin@funnelstudio.local"))
        {
            for (var i = 0; i < 40; i++)
                (await api.PostJsonAsync(Deals.Url, new { name = $"Paging deal {i}", amount = 1000 + i, source = "website" })).EnsureSuccessStatusCode();
        }
        using var client = await CookieClientAsync("admin@funnelstudio.local");

        var first = await client.GetStringAsync("/o/deal");
        var second = await client.GetStringAsync("/o/deal?page=2");

        Assert.Contains("1–50 of", first);
        Assert.Contains("Page 1 of 2", first);
        Assert.Contains("51–", second);
        Assert.Contains("Page 2 of 2", second);
    }

    [Fact]
    public async Task ListPage_RendersEachRecordOnce_AsARowThatStacksIntoACardOnPhones()
    {
        using var client = await CookieClientAsync("admin@funnelstudio.local");

        var html = await client.GetStringAsync("/o/deal");

        var rows = RowPattern().Matches(html);
        var shown = int.Parse(ShowingPattern().Match(html).Groups[1].Value);
        Assert.InRange(shown, PortalServer.DemoDeals, 50);
        Assert.Equal(shown, rows.Count);
        var links = rows.Select(r => RecordLinkPattern().Match(r.Value).Groups[1].Value).ToList();
        Assert.All(links, id => Assert.True(Guid.TryParse(id, out _), "every row links its record"));
        Assert.Equal(links.Count, links.Distinct().Count());
        foreach (var id in links)
            Assert.Single(Regex.Matches(html, $"href=\"/o/deal/{id}\""));
        // The phone card's labels: every value cell carries its column's label.
        Assert.All(rows, r => Assert.Contains("data-label=\"Amount\"", r.Value));
        Assert.DoesNotContain("fs-record-card", html);
    }

    private Task<HttpClient> CookieClientAsync(string email) => server.SignInToPagesAsync(email);

    [GeneratedRegex("1–([0-9]+) of")]
    private static partial Regex ShowingPattern();

    [GeneratedRegex("<tr class=\"fs-record-row\">.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td class=\"fs-title-cell\"><a href=\"/o/deal/([^\"]+)\"")]
    private static partial Regex RecordLinkPattern();
}

public sealed class ListPageOnSqlite(SqlitePortal server) : ListPageTests(server), IClassFixture<SqlitePortal>;

public sealed class ListPageOnPostgres(PostgresPortal server) : ListPageTests(server), IClassFixture<PostgresPortal>;
