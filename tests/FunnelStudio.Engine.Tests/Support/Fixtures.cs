using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>Where fixtures and the repository's sample packages are, and the compiled minimal package.</summary>
public static class Fixtures
{
    private static readonly Lazy<CompiledPackage> MinimalPackage = new(() => PackageBuilder.Minimal().Compile());

    /// <summary>The minimal package, compiled once for every test that only reads it.</summary>
    public static CompiledPackage Minimal => MinimalPackage.Value;

    public static CompiledObject Deal => Minimal.Object("deal")!;

    public static string Folder(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>The repository root: the first folder above the test binaries that holds FunnelStudio.sln.</summary>
    public static string RepositoryRoot => TestSupport.RepositoryPaths.Root;

    public static string SamplePackage(string name) => TestSupport.RepositoryPaths.SamplePackage(name);
}
