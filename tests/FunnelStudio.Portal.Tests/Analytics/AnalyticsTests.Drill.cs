using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Analytics;

public abstract partial class AnalyticsTests
{
    /// <summary>The total of a drill-down list over the API.</summary>
    private static async Task<long> TotalAsync(HttpClient client, string query) =>
        (await (await client.GetAsync($"{Api}/records?{query}&pageSize=1")).AssertOkAsync()).GetProperty("total").GetInt64();

    private static string Instant(JsonElement value) => Uri.EscapeDataString(value.GetDateTime().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ"));

    [Fact]
    public async Task DrillTotal_EqualsTheFigure_ForEveryKindOfFigure()
    {
        using var manager = await server.SignInAsync(Manager);
        var kpis = await (await manager.GetAsync($"{Api}/kpis?{Period}")).AssertOkAsync();
        var set = kpis.GetProperty("sets")[0];
        var previous = kpis.GetProperty("previous");
        var previousPeriod = $"object=deal&from={Instant(previous.GetProperty("from"))}&to={Instant(previous.GetProperty("to"))}";
        var checkedNonZero = 0;

        async Task SameAsync(long figure, string query, string what)
        {
            var total = await TotalAsync(manager, query);
            Assert.True(figure == total, $"{what}: the figure says {figure}, its list has {total} ({query})");
            if (figure > 0) checkedNonZero++;
        }

        foreach (var kind in new[] { "created", "won", "lost", "closed" })
        {
            await SameAsync(set.GetProperty("current").GetProperty(kind).GetInt64(), $"{Period}&kind={kind}", kind);
            await SameAsync(set.GetProperty("previous").GetProperty(kind).GetInt64(), $"{previousPeriod}&kind={kind}", "previous " + kind);
        }
        await SameAsync(set.GetProperty("openCount").GetInt64(), $"{Period}&kind=open", "open");
        await SameAsync(set.GetProperty("stalled").GetInt64(), $"{Period}&kind=stalled", "stalled");
        foreach (var stage in set.GetProperty("pipeline").EnumerateArray())
        {
            var name = stage.GetProperty("stage").GetString();
            await SameAsync(stage.GetProperty("count").GetInt64(), $"{Period}&kind=open&stage={name}", "open in " + name);
            await SameAsync(stage.GetProperty("stalled").GetInt64(), $"{Period}&kind=stalled&stage={name}", "stalled in " + name);
        }
        foreach (var stage in set.GetProperty("timeInStage").EnumerateArray())
        {
            var name = stage.GetProperty("stage").GetString();
            await SameAsync(stage.GetProperty("records").GetInt64(), $"{Period}&kind=leftstage&stage={name}", "left " + name);
        }
        foreach (var mode in new[] { "cohort", "period" })
        {
            var funnel = await (await manager.GetAsync($"{Api}/funnel?{Period}&mode={mode}")).AssertOkAsync();
            var series = funnel.GetProperty("series")[0];
            foreach (var step in series.GetProperty("steps").EnumerateArray().Concat(series.GetProperty("lost").EnumerateArray()))
            {
                var link = step.GetProperty("records").GetString()!;
                Assert.Contains("kind=funnel", link);
                Assert.Contains("mode=" + mode, link);
                await SameAsync(step.GetProperty("count").GetInt64(), link[(link.IndexOf('?') + 1)..], $"{mode} funnel step {step.GetProperty("stage")}");
            }
        }
        Assert.True(checkedNonZero >= 10, $"only {checkedNonZero} of the figures were not zero: the demo data should give more");
    }

    [Fact]
    public async Task DashboardLinks_LeadToLists_WhoseTotalIsTheNumberClicked()
    {
        using var manager = await server.CookieClientAsync(Manager);
        var html = await manager.GetStringAsync($"/analytics?{Period}&period=custom&interval=month");

        var links = DrillLinks.CountsIn(html);

        Assert.Contains(links, l => l.Fig == "funnel.lead");
        Assert.Contains(links, l => l.Fig == "kpi.created.prev");
        Assert.Contains(links, l => l.Fig.StartsWith("trend.won.", StringComparison.Ordinal));
        foreach (var (url, fig, text) in links)
        {
            Assert.StartsWith("/analytics/records?", url);
            var list = await manager.GetStringAsync(url);
            var total = DrillLinks.TotalOf(list);
            Assert.True(total is not null, $"{fig}: the list at {url} shows no total");
            Assert.True(long.Parse(text.Replace(",", "")) == long.Parse(total),
                $"{fig}: the dashboard says {text}, its list has {total} ({url})");
        }
    }

    /// <summary>
    /// Amounts, percentiles and cycle times are computed over a record set too, so they open it: in the
    /// funnel, time-in-stage and trend tables, every link of a row goes to the list its count opens.
    /// </summary>
    [Fact]
    public async Task AmountsAndPercentiles_InTheTables_OpenTheListOfTheirRowsCount()
    {
        using var manager = await server.CookieClientAsync(Manager);
        var html = await manager.GetStringAsync($"/analytics?{Period}&period=custom&interval=month");

        // Per table, the rows where more than the count links to the count's list.
        var shared = new Dictionary<string, int>();
        foreach (var table in new[] { "funnel", "time", "trends" })
        {
            var body = html[html.IndexOf($"id=\"fs-table-{table}\"", StringComparison.Ordinal)..];
            body = body[..body.IndexOf("</table>", StringComparison.Ordinal)];
            foreach (Match row in TableRow().Matches(body))
            {
                var urls = RowLink().Matches(row.Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
                // A trend row has its own lists for created, won and lost; the won figures (amounts, cycle) share the won count's.
                if (table == "trends") urls = urls.Where(u => u.Contains("kind=won", StringComparison.Ordinal)).ToList();
                if (urls.Count == 0) continue;
                Assert.True(urls.Distinct().Count() == 1, $"{table}: one row links to different lists: {string.Join(" | ", urls.Distinct())}");
                if (urls.Count > 1) shared[table] = shared.GetValueOrDefault(table) + 1;
            }
        }

        Assert.True(shared.GetValueOrDefault("funnel") >= 3 && shared.GetValueOrDefault("time") >= 2 && shared.GetValueOrDefault("trends") >= 3,
            $"too few rows whose other figures link: {string.Join(", ", shared)}");
        Assert.Contains("kind=leftstage", html);
    }

    [Fact]
    public async Task SplitByOwner_GivesARowPerSlice_AndEachSlicesListIsThatOwners()
    {
        using var manager = await server.SignInAsync(Manager);
        var repId = await UserIdAsync(Rep);

        var split = await (await manager.GetAsync($"{Api}/kpis?{Period}&split=owner")).AssertOkAsync();
        var filtered = await (await manager.GetAsync($"{Api}/kpis?{Period}&owner={repId}")).AssertOkAsync();

        var sets = split.GetProperty("sets").EnumerateArray().ToList();
        var repSlice = sets.Single(s => s.GetProperty("split").GetString() == repId);
        Assert.Equal(filtered.GetProperty("sets")[0].GetProperty("current").GetProperty("created").GetInt64(),
            repSlice.GetProperty("current").GetProperty("created").GetInt64());
        // The total first, then a set per owner; the owners' figures add up to it.
        Assert.Equal(JsonValueKind.Null, sets[0].GetProperty("split").ValueKind);
        Assert.Equal(JsonValueKind.Null, sets[0].GetProperty("splitLabel").ValueKind);
        Assert.Equal(sets[0].GetProperty("current").GetProperty("created").GetInt64(),
            sets.Skip(1).Sum(s => s.GetProperty("current").GetProperty("created").GetInt64()));
        Assert.Equal("李娜 Li Na", repSlice.GetProperty("splitLabel").GetString());
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex TableRow();

    [GeneratedRegex("<a href=\"([^\"]+)\" class=\"fs-drill")]
    private static partial Regex RowLink();
}
