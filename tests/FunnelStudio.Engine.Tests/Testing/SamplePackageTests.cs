using FunnelStudio.Loading;
using FunnelStudio.Testing;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Testing;

/// <summary>Every sample config is loaded and exercised: no diagnostics at all, and its own tests pass.</summary>
public class SamplePackageTests
{
    /// <summary>b2b-saas always (so its absence fails loudly) plus every other sample folder.</summary>
    public static TheoryData<string> Samples
    {
        get
        {
            var root = Path.Combine(Fixtures.RepositoryRoot, "sample-configs");
            var found = Directory.Exists(root)
                ? Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "package.json"))).Select(d => Path.GetFileName(d))
                : [];
            return new TheoryData<string>(found.Append("b2b-saas").Distinct().Order(StringComparer.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Load_Sample_HasNoErrorsAndNoWarnings(string sample)
    {
        var result = PackageLoader.Load(Fixtures.SamplePackage(sample));

        Assert.True(result.Diagnostics.Count == 0, DiagnosticAssert.Describe(result));
        Assert.True(result.Succeeded);
        Assert.NotEmpty(result.Package!.Objects);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Run_SampleTests_AllPass(string sample)
    {
        var result = PackageLoader.Load(Fixtures.SamplePackage(sample));
        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));

        var results = PackageTestRunner.Run(result.Package!);

        Assert.NotEmpty(results);
        var failed = results.Where(r => !r.Passed).Select(r => $"{r.File}: {r.Name}: {string.Join("; ", r.Failures)}").ToList();
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }
}
