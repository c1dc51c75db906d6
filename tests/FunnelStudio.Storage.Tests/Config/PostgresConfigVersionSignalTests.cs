using System.Diagnostics;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Config;

/// <summary>On PostgreSQL a publish is announced (NOTIFY) when its switch commits — and not when it rolls back.</summary>
public sealed class PostgresConfigVersionSignalTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly Dictionary<string, string> Files = new() { ["package.json"] = "{}" };

    [Fact]
    public async Task Switch_AnnouncesThePublishWhenItCommits_AndNotWhenItRollsBack()
    {
        var signal = database.Services.GetRequiredService<IConfigVersionSignal>();
        var store = database.ConfigVersions;
        var active = await store.PublishAsync("p", "1", Files, "admin", CancellationToken.None);
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None));

        var failed = await store.AddDraftAsync("p", "2", Files, "admin", null, CancellationToken.None);
        var quiet = signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => SwitchAsync(failed.Id, active.Id, () => throw new InvalidOperationException("no")));
        Assert.False(await quiet);

        var draft = await store.AddDraftAsync("p", "3", Files, "admin", null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var announced = signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await SwitchAsync(draft.Id, active.Id, () => Task.CompletedTask);

        Assert.True(await announced);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"announced after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    private async Task SwitchAsync(long id, long active, Func<Task> within)
    {
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IConfigVersionSwitch>().SwitchAsync(id, active, "admin", null, _ => within(), CancellationToken.None);
    }
}
