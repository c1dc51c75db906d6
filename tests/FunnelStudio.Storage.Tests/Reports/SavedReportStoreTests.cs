using FunnelStudio.Reports;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Reports;

public sealed class SqliteSavedReportStoreTests(SqliteDatabase database) : SavedReportStoreTests<SqliteDatabase>(database);

public sealed class PostgresSavedReportStoreTests(PostgresDatabase database) : SavedReportStoreTests<PostgresDatabase>(database);

/// <summary>Saved reports and dashboards: stored whole, listed for their owner and the roles they are shared with.</summary>
public abstract class SavedReportStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private ISavedReportStore Store => database.Services.GetRequiredService<ISavedReportStore>();

    private static SavedReport Report(string owner, string name, params string[] shared) =>
        new(Guid.NewGuid(), owner, new ReportDefinition
        {
            Name = name, Object = "deal", SharedWith = shared, Display = "bar",
            Filters = [new ReportFilter { Field = "source", Operator = "in", Values = ["web", "event"] }],
            GroupBy = [new ReportGrouping { Field = "created_at", Bucket = "month" }],
            Measures = [new ReportMeasure { Aggregate = "sum", Field = "amount" }],
        }) { CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };

    [Fact]
    public async Task List_GivesOwnReportsAndThoseSharedWithTheUsersRoles()
    {
        var owner = $"u{Guid.NewGuid():N}";
        var other = $"u{Guid.NewGuid():N}";
        var mine = Report(owner, "Mine");
        var sharedWithManagers = Report(other, "For managers", "manager");
        var privateOfOther = Report(other, "Private");
        foreach (var report in new[] { mine, sharedWithManagers, privateOfOther }) await Store.SaveAsync(report, CancellationToken.None);

        var asManager = await Store.ListAsync(owner, ["manager"], CancellationToken.None);
        var asRep = await Store.ListAsync(owner, ["rep"], CancellationToken.None);

        Assert.Equal(new[] { "For managers", "Mine" }, asManager.Where(r => r.OwnerId == owner || r.OwnerId == other).Select(r => r.Definition.Name));
        Assert.Equal(new[] { "Mine" }, asRep.Where(r => r.OwnerId == owner || r.OwnerId == other).Select(r => r.Definition.Name));
        Assert.Equal(mine.Definition with { }, (await Store.FindAsync(mine.Id, CancellationToken.None))!.Definition, new DefinitionComparer());
    }

    [Fact]
    public async Task Save_Again_ReplacesTheDefinition_AndDelete_RemovesIt()
    {
        var report = Report("u1", "Before");
        await Store.SaveAsync(report, CancellationToken.None);

        await Store.SaveAsync(report with { Definition = report.Definition with { Name = "After", SharedWith = ["rep"] } }, CancellationToken.None);
        var changed = await Store.FindAsync(report.Id, CancellationToken.None);
        var deleted = await Store.DeleteAsync(report.Id, CancellationToken.None);
        var again = await Store.DeleteAsync(report.Id, CancellationToken.None);

        Assert.Equal(("After", "rep"), (changed!.Definition.Name, changed.Definition.SharedWith.Single()));
        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await Store.FindAsync(report.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Dashboard_KeepsItsReportsInOrderWithWidths()
    {
        var owner = $"u{Guid.NewGuid():N}";
        var dashboard = new SavedDashboard(Guid.NewGuid(), owner, "Weekly", [new DashboardItem("b", 2), new DashboardItem("a", 1)])
            { CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        await Store.SaveDashboardAsync(dashboard, CancellationToken.None);

        await Store.SaveDashboardAsync(dashboard with { Items = [new DashboardItem("a", 1), new DashboardItem("b", 3)] }, CancellationToken.None);
        var listed = await Store.DashboardsAsync(owner, CancellationToken.None);

        var stored = Assert.Single(listed);
        Assert.Equal(new[] { ("a", 1), ("b", 3) }, stored.Items.Select(i => (i.Report, i.Width)));
    }

    /// <summary>Definitions compare by their JSON (their lists are compared by reference otherwise).</summary>
    private sealed class DefinitionComparer : IEqualityComparer<ReportDefinition>
    {
        public bool Equals(ReportDefinition? x, ReportDefinition? y) =>
            System.Text.Json.JsonSerializer.Serialize(x) == System.Text.Json.JsonSerializer.Serialize(y);

        public int GetHashCode(ReportDefinition obj) => 0;
    }
}
