using FunnelStudio.TestSupport;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Config;

public sealed class SqliteConfigVersionTests(SqliteDatabase database) : ConfigVersionTests<SqliteDatabase>(database);

public sealed class PostgresConfigVersionTests(PostgresDatabase database) : ConfigVersionTests<PostgresDatabase>(database);

/// <summary>
/// Config versions are rows: drafts are stored beside the published version; a switch publishes a
/// draft and retires the previous one in one transaction, or changes nothing at all.
/// </summary>
public abstract class ConfigVersionTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static readonly IReadOnlyDictionary<string, string> Files = PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));

    [Fact]
    public async Task Publish_StoresEveryFileAndRetiresThePreviousVersion_AndDraftsStayAside()
    {
        var first = await database.ConfigVersions.PublishAsync("b2b-saas", "1.0.0", Files, "admin", CancellationToken.None);
        var changed = new Dictionary<string, string>(Files) { ["objects/deal.json"] = Files["objects/deal.json"].Replace("Deal", "Opportunity") };
        var second = await database.ConfigVersions.PublishAsync("b2b-saas", "1.1.0", changed, "admin", CancellationToken.None);
        var draft = await database.ConfigVersions.AddDraftAsync("b2b-saas", "1.2.0", Files, "editor", second.Id, CancellationToken.None);

        var published = await database.ConfigVersions.PublishedAsync(CancellationToken.None);
        Assert.NotNull(published);
        Assert.Equal(second.Id, published.Id);
        Assert.Equal(second.Id, await database.ConfigVersions.PublishedIdAsync(CancellationToken.None));
        Assert.Equal(("1.1.0", "admin", ConfigVersionStatus.Published), (published.PackageVersion, published.PublishedBy, published.Status));
        Assert.Equal(DateTimeKind.Utc, published.PublishedAt!.Value.Kind);
        Assert.Equal(changed.OrderBy(f => f.Key), published.Files.OrderBy(f => f.Key));
        var all = await database.ConfigVersions.ListAsync(CancellationToken.None);
        Assert.Equal(new[] { draft.Id, second.Id, first.Id }, all.Take(3).Select(v => v.Id));
        Assert.Equal(new[] { ConfigVersionStatus.Draft, ConfigVersionStatus.Published, ConfigVersionStatus.Retired }, all.Take(3).Select(v => v.Status));
        var storedDraft = (await database.ConfigVersions.FindAsync(draft.Id, CancellationToken.None))!;
        Assert.Equal(("editor", (DateTime?)null, second.Id), (storedDraft.CreatedBy, storedDraft.PublishedAt, storedDraft.SourceVersionId));
        Assert.Equal(Files.OrderBy(f => f.Key), storedDraft.Files.OrderBy(f => f.Key));
        Assert.Null(await database.ConfigVersions.FindAsync(999_999, CancellationToken.None));

        // The stored files load back into the same package.
        var reloaded = PackageLoader.Load(new MemoryPackageSource(storedDraft.Files, "draft"));
        Assert.True(reloaded.Succeeded, string.Join("; ", reloaded.Errors));
    }

    [Fact]
    public async Task Switch_PublishesTheDraft_RetiresThePrevious_AndRunsItsWorkInTheTransaction()
    {
        var active = await database.ConfigVersions.PublishAsync("b2b-saas", "2.0.0", Files, "admin", CancellationToken.None);
        var draft = await database.ConfigVersions.AddDraftAsync("b2b-saas", "2.1.0", Files, "admin", null, CancellationToken.None);
        var ran = false;

        var published = await SwitchAsync(draft.Id, active.Id, _ => { ran = true; return Task.CompletedTask; });

        Assert.True(ran);
        Assert.Equal((draft.Id, ConfigVersionStatus.Published, "publisher"), (published.Id, published.Status, published.PublishedBy));
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(published.DiffSummary!).RootElement.GetProperty("added").GetInt32());
        Assert.Equal(draft.Id, await database.ConfigVersions.PublishedIdAsync(CancellationToken.None));
        Assert.Equal(ConfigVersionStatus.Retired, (await database.ConfigVersions.FindAsync(active.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Switch_ThatFailsHalfWay_LeavesThePreviousVersionPublishedAndTheDraftADraft()
    {
        var active = await database.ConfigVersions.PublishAsync("b2b-saas", "3.0.0", Files, "admin", CancellationToken.None);
        var draft = await database.ConfigVersions.AddDraftAsync("b2b-saas", "3.1.0", Files, "admin", null, CancellationToken.None);

        // The failure comes after the draft was marked published and the previous one retired, inside the transaction.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SwitchAsync(draft.Id, active.Id, _ => throw new InvalidOperationException("the data migration failed")));

        Assert.Equal("the data migration failed", failure.Message);
        Assert.Equal(active.Id, await database.ConfigVersions.PublishedIdAsync(CancellationToken.None));
        Assert.Equal(ConfigVersionStatus.Draft, (await database.ConfigVersions.FindAsync(draft.Id, CancellationToken.None))!.Status);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.ConfigVersions.CountAsync(v => v.Status == "published"));
    }

    [Fact]
    public async Task Switch_OfAVersionThatIsNoDraft_OrAgainstAnotherActiveVersion_IsAConflict_AndChangesNothing()
    {
        var active = await database.ConfigVersions.PublishAsync("b2b-saas", "4.0.0", Files, "admin", CancellationToken.None);
        var draft = await database.ConfigVersions.AddDraftAsync("b2b-saas", "4.1.0", Files, "admin", null, CancellationToken.None);

        await Assert.ThrowsAsync<ConfigVersionConflictException>(() => SwitchAsync(active.Id, active.Id, _ => Task.CompletedTask));
        await Assert.ThrowsAsync<ConfigVersionConflictException>(() => SwitchAsync(draft.Id, active.Id - 1, _ => Task.CompletedTask));

        Assert.Equal(active.Id, await database.ConfigVersions.PublishedIdAsync(CancellationToken.None));
        Assert.Equal(ConfigVersionStatus.Draft, (await database.ConfigVersions.FindAsync(draft.Id, CancellationToken.None))!.Status);
    }

    private async Task<ConfigVersionInfo> SwitchAsync(long versionId, long? expectedActive, Func<CancellationToken, Task> within)
    {
        await using var scope = database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IConfigVersionSwitch>()
            .SwitchAsync(versionId, expectedActive, "publisher", "{\"added\": 1}", within, CancellationToken.None);
    }
}
