using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Versions;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>
/// The impact reads every live record page by page, the next page while this one is checked: over
/// several pages (and a last, partial one) every record is counted once, the pages follow each
/// other by id, and a failing read surfaces instead of being lost.
/// </summary>
public sealed class ImpactScanTests
{
    private static readonly FunnelStudio.Rules.CompiledPackage Active = PackageBuilder.Minimal().Compile();
    private static readonly FunnelStudio.Rules.CompiledPackage WithoutIndustry = PackageBuilder.Minimal()
        .EditObject("account", a => a["fields"]!.AsArray().Remove(a["fields"]!.AsArray().Single(f => (string?)f!["name"] == "industry")))
        .Compile();

    [Fact]
    public async Task Impact_OverManyPages_CountsEveryRecordHoldingARemovedFieldOnce()
    {
        var scan = new PagedScan(accounts: 4_321);

        var impact = await new ImpactAnalyzer(scan, new InMemoryUserDirectory(), TimeProvider.System)
            .AnalyzeAsync(WithoutIndustry, Active, CancellationToken.None);

        Assert.Equal(new RemovedDataImpact("account", "industry", 4_321), Assert.Single(impact.RemovedData));
        // Each page starts after the last id of the one before it.
        var accountPages = scan.Calls.Where(c => c.Object == "account").ToList();
        Assert.Equal(3, accountPages.Count);
        Assert.Null(accountPages[0].After);
        Assert.All(accountPages.Skip(1), c => Assert.NotNull(c.After));
    }

    [Fact]
    public async Task Impact_WhenAReadFails_ReportsTheFailure()
    {
        var scan = new PagedScan(accounts: 4_321) { FailOnPage = 2 };

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ImpactAnalyzer(scan, new InMemoryUserDirectory(), TimeProvider.System).AnalyzeAsync(WithoutIndustry, Active, CancellationToken.None));
    }

    /// <summary>Live accounts with an industry, in id order, served a page at a time like the database would.</summary>
    private sealed class PagedScan(int accounts) : IRecordScan
    {
        private readonly List<ScannedRecord> _accounts = Enumerable.Range(0, accounts)
            .Select(i => new ScannedRecord(new Guid(i, 0, 0, new byte[8]), null, $"A{i}", DateTime.UtcNow, DateTime.UtcNow,
                new JsonObject { ["name"] = $"A{i}", ["industry"] = "tech" }.ToJsonString()))
            .OrderBy(r => r.Id).ToList();

        public List<(string Object, Guid? After)> Calls { get; } = [];
        public int? FailOnPage { get; init; }

        public async Task<IReadOnlyList<ScannedRecord>> LiveRecordsAsync(string obj, Guid? after, int limit, CancellationToken cancellationToken)
        {
            await Task.Yield();
            lock (Calls) Calls.Add((obj, after));
            if (obj != "account") return [];
            if (FailOnPage is { } fail && Calls.Count(c => c.Object == "account") == fail) throw new InvalidOperationException("the read failed");
            return _accounts.Where(r => after is null || r.Id.CompareTo(after.Value) > 0).Take(limit).ToList();
        }
    }
}
