using FunnelStudio.Loading;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelStudio.Engine.Tests.Versions;

/// <summary>One request, one version: a pinned flow keeps reading the version it pinned while another publishes.</summary>
public sealed class PackageRuntimePinTests
{
    private static CompiledPackage Load() => PackageLoader.Load(Support.Fixtures.SamplePackage("b2b-saas")).Package!;

    [Fact]
    public async Task Pinned_FlowReadsItsVersionToTheEnd_WhileOthersSeeTheNewOne()
    {
        var runtime = new PackageRuntime(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger<PackageRuntime>.Instance);
        var (first, second) = (Load(), Load());
        runtime.Activate(first, 1);
        var pinned = new TaskCompletionSource();
        var published = new TaskCompletionSource();

        var request = Task.Run(async () =>
        {
            using var pin = runtime.Pin();
            var before = (runtime.Current, runtime.VersionId);
            pinned.SetResult();
            await published.Task;
            return (before, after: (runtime.Current, runtime.VersionId));
        });
        await pinned.Task;
        runtime.Activate(second, 2);
        published.SetResult();
        var (before, after) = await request;

        Assert.Equal((first, 1L), before);
        Assert.Equal((first, 1L), after);
        Assert.Same(second, runtime.Current);
        Assert.Equal(2, runtime.VersionId);
        using (runtime.Pin()) Assert.Same(second, runtime.Current);
    }

    [Fact]
    public void Activate_InsideAPinnedFlow_MovesThatFlowToWhatItPublished()
    {
        var runtime = new PackageRuntime(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), NullLogger<PackageRuntime>.Instance);
        var (first, second) = (Load(), Load());
        runtime.Activate(first, 1);

        using var pin = runtime.Pin();
        runtime.Activate(second, 2);

        Assert.Equal((second, 2L), (runtime.Current, runtime.VersionId));
    }
}
