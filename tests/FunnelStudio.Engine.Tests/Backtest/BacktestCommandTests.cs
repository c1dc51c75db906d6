using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Cli;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using FunnelStudio.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Engine.Tests.Backtest;

/// <summary><c>funnelstudio backtest</c> on a SQLite database holding the sample package and two deals' history.</summary>
[Collection(CliCollection.Name)]
public sealed class BacktestCommandTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _folder = new();
    private readonly PackageVariant _stricter = PackageVariant.Of("b2b-saas").Edit("objects/deal.json", o =>
        JsonEdit.Array(JsonEdit.Stage(o, "lead"), "exitCriteria").Add(new JsonObject
        {
            ["name"] = "min_amount", ["expression"] = "Fn.Coalesce(record.amount, 0) >= 2000", ["message"] = "An amount of at least 2,000.",
        }));

    private string Connection => $"Data Source={_folder.File("fs.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _stricter.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Backtest_Json_ReportsTheMoveTheDraftBlocks_AndNoneTheActiveBlocks()
    {
        await DatabaseWithHistoryAsync();

        var result = CliRunner.Run("backtest", _stricter.Path, "--connection", Connection, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal((2, 4), (root.GetProperty("records").GetInt32(), root.GetProperty("moves").GetInt32()));
        Assert.Equal(0, root.GetProperty("active").GetProperty("blocked").GetInt32());
        Assert.Equal(1, root.GetProperty("draft").GetProperty("blocked").GetInt32());
        var rule = Assert.Single(root.GetProperty("draft").GetProperty("rules").EnumerateArray());
        Assert.Equal(("min_amount", "An amount of at least 2,000.", "Small"),
            (rule.GetProperty("rule").GetString(), rule.GetProperty("message").GetString(), rule.GetProperty("examples")[0].GetProperty("title").GetString()));
        var lead = root.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "lead");
        Assert.Equal((1.0, 0.5), (lead.GetProperty("happened").GetProperty("conversion").GetDouble(), lead.GetProperty("draft").GetProperty("conversion").GetDouble()));
    }

    [Fact]
    public async Task Backtest_Text_NamesTheRuleWithItsCountAndExample()
    {
        await DatabaseWithHistoryAsync();

        var result = CliRunner.Run("backtest", _stricter.Path, "--connection", Connection);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("The draft version blocks 1 of 4 moves it judged.", result.Out);
        Assert.Contains("1 deal.lead.min_amount (ExitCriterion) An amount of at least 2,000.", result.Out);
        Assert.Contains("Small", result.Out);
        Assert.True(result.Out.Contains("deal.lead: 2 → 2 / 100.0% → 50.0% / 1.0 d → 1.0 d"), result.ToString());
    }

    [Fact]
    public async Task Backtest_OnADatabaseWithNothingPublished_IsUnavailable()
    {
        await using (var services = Services()) await services.MigrateFunnelStudioAsync();

        var result = CliRunner.Run("backtest", _stricter.Path, "--connection", Connection);

        Assert.Equal(FunnelStudio.Cli.CliApp.Unavailable, result.ExitCode);
        Assert.Contains("no config package is published", result.Error);
    }

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FunnelStudioStorageOptions.ProviderKey] = "sqlite",
            [$"ConnectionStrings:{FunnelStudioStorageOptions.ConnectionStringName}"] = Connection,
        }).Build();
        return new ServiceCollection().AddLogging().AddFunnelStudioStorage(configuration).AddFunnelStudioEngine().BuildServiceProvider();
    }

    /// <summary>The sample published; two qualified deals (amounts 1,000 and 5,000) created at Start and moved to mql a day later.</summary>
    private async Task DatabaseWithHistoryAsync()
    {
        await using var services = Services();
        await services.MigrateFunnelStudioAsync();
        Assert.True((await services.GetRequiredService<IPackageRuntime>().PublishAsync(
            PackageSources.Folder(Fixtures.SamplePackage("b2b-saas")), "test", CancellationToken.None)).Succeeded);
        var store = services.GetRequiredService<IRecordStore>();
        foreach (var (name, amount) in new[] { ("Small", 1000m), ("Large", 5000m) })
        {
            var values = new RecordValues(new Dictionary<string, object?>
            {
                ["name"] = name, ["amount"] = amount, ["source"] = "website", ["icp_fit"] = true, ["owner"] = "rep1",
                ["first_contact_at"] = Start.AddHours(-2),
            });
            var record = new StoredRecord(Guid.NewGuid(), "deal", values)
            {
                Stage = "lead", OwnerId = "rep1", Title = name, CreatedAt = Start, UpdatedAt = Start, CreatedBy = "rep1", UpdatedBy = "rep1",
                StageEnteredAt = Start, ConfigVersion = 1, Amount = amount,
            };
            var created = await store.PersistAsync(new PersistRequest(record, true, null, [],
                new StageHistoryEntry(record.Id, "deal", null, "lead", Start, "rep1")), CancellationToken.None);
            var moved = created with { Stage = "mql", UpdatedAt = Start.AddDays(1), StageEnteredAt = Start.AddDays(1) };
            await store.PersistAsync(new PersistRequest(moved, false, created.Version, [],
                new StageHistoryEntry(record.Id, "deal", "lead", "mql", Start.AddDays(1), "rep1")), CancellationToken.None);
        }
    }
}
