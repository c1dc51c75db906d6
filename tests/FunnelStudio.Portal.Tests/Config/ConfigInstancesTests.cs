using System.Diagnostics;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Portal.Tests.Config;

public sealed class SqliteConfigInstancesTests() : ConfigInstancesTests(() => new SqliteDatabase());

public sealed class PostgresConfigInstancesTests() : ConfigInstancesTests(() => new PostgresDatabase())
{
    [Fact]
    public async Task PublishOnOneInstance_TheOtherServesTheNewVersionWithinTwoSeconds()
    {
        using var package = PackageVariant.Of("b2b-saas");
        await using var first = await StartAsync(new Instance(NewDatabase(), package.Path, owner: true));
        await using var second = await StartAsync(new Instance(first.Database, package.Path, owner: false));
        using var adminOnFirst = await first.SignInAsync(TestUsers.Admin);
        using var adminOnSecond = await second.SignInAsync(TestUsers.Admin);
        var label = "Followed " + Guid.NewGuid().ToString("N")[..6];
        var draft = await ConfigPackages.DraftAsync(adminOnFirst, ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(adminOnFirst), "objects/deal.json",
            d => d["label"] = new JsonObject { ["en"] = label, ["zh-CN"] = "商机" }));
        Assert.NotEqual(label, await ConfigPackages.LabelAsync(adminOnSecond, "deal"));

        await (await ConfigPackages.PublishAsync(adminOnFirst, draft)).AssertOkAsync();
        var clock = Stopwatch.StartNew();
        while (await ConfigPackages.LabelAsync(adminOnSecond, "deal") != label && clock.Elapsed < TimeSpan.FromSeconds(3))
            await Task.Delay(50);

        Assert.Equal(label, await ConfigPackages.LabelAsync(adminOnSecond, "deal"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The second instance took {clock.Elapsed.TotalMilliseconds:0} ms to follow.");
    }
}

/// <summary>
/// Instances and the package folder: <c>PublishOnStart=ifChanged</c> publishes the folder when its
/// files differ from the active version, leaves an unchanged one alone, and refuses to start when
/// the folder's package is refused, naming the blockers.
/// </summary>
public abstract class ConfigInstancesTests(Func<DatabaseProvider> newDatabase)
{
    protected DatabaseProvider NewDatabase() => newDatabase();

    [Fact]
    public async Task PublishOnStartIfChanged_PublishesAChangedFolder_LeavesAnUnchangedOne_AndRefusesToStartOnBlockers()
    {
        using var package = PackageVariant.Of("b2b-saas");
        await using var first = await StartAsync(new Instance(NewDatabase(), package.Path, owner: true));
        using var admin = await first.SignInAsync(TestUsers.Admin);
        var initial = await ConfigPackages.ActiveIdAsync(admin);

        await using (await StartAsync(new Instance(first.Database, package.Path, owner: false)))
            Assert.Equal(initial, await ConfigPackages.ActiveIdAsync(admin));

        package.Edit("objects/deal.json", d => d["label"] = new JsonObject { ["en"] = "Changed on disk", ["zh-CN"] = "商机" });
        await using (var changed = await StartAsync(new Instance(first.Database, package.Path, owner: false)))
        {
            using var adminOnChanged = await changed.SignInAsync(TestUsers.Admin);
            Assert.NotEqual(initial, await ConfigPackages.ActiveIdAsync(adminOnChanged));
            Assert.Equal("Changed on disk", await ConfigPackages.LabelAsync(adminOnChanged, "deal"));
        }
        var published = await ConfigPackages.ActiveIdAsync(admin);

        package.Edit("objects/deal.json", d => d["pipeline"]!["stages"]![0]!["exitCriteria"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "never_leaves", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
        }));
        var refused = new Instance(first.Database, package.Path, owner: false);
        var failure = await Assert.ThrowsAnyAsync<Exception>(refused.InitializeAsync);
        await refused.DisposeAsync();

        Assert.Contains("CONFIG_TESTS_FAILED", failure.ToString());
        Assert.Equal(published, await ConfigPackages.ActiveIdAsync(admin));
    }

    protected static async Task<Instance> StartAsync(Instance instance)
    {
        await instance.InitializeAsync();
        return instance;
    }

    /// <summary>
    /// A portal on the package folder with <c>PublishOnStart=ifChanged</c>. The owner creates (and
    /// drops) the database and seeds the demo users; the others share its database and seed nothing.
    /// </summary>
    protected sealed class Instance(DatabaseProvider database, string folder, bool owner)
        : PortalServer(owner ? database : new SharedDatabase(database), folder), IAsyncDisposable
    {
        protected override int DemoRecordCount => 5;

        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
            owner ? [new("FunnelStudio:PublishOnStart", "ifChanged")]
                : [new("FunnelStudio:PublishOnStart", "ifChanged"), new("FunnelStudio:Demo:Seed", "false")];

        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }

    /// <summary>Another instance's database: neither created nor dropped here.</summary>
    private sealed class SharedDatabase(DatabaseProvider owner) : DatabaseProvider
    {
        public override string Name => owner.Name;
        public override string ConnectionString => owner.ConnectionString;
        public override Task CreateAsync() => Task.CompletedTask;
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        public override Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters) => owner.ScalarAsync(sql, parameters);
    }
}
