namespace FunnelStudio.Benchmarks;

/// <summary>
/// Finds files of the repository by walking up to <c>FunnelStudio.sln</c>. BenchmarkDotNet runs each
/// job from a generated folder under this project's bin, so the walk starts from the binary and
/// falls back to the working directory.
/// </summary>
internal static class RepoPaths
{
    private const string SolutionFile = "FunnelStudio.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>The sample package the load benchmarks measure.</summary>
    public static string SamplePackage => Path.Combine(Root, "sample-configs", "b2b-saas");

    /// <summary>The ten-rule package the stage gate benchmarks use.</summary>
    public static string StageGatePackage => Path.Combine(Root, "tests", "FunnelStudio.Benchmarks", "Packages", "stage-gate");

    /// <summary>The package whose names the analytics benchmark's generated data uses.</summary>
    public static string AnalyticsPackage => Path.Combine(Root, "tests", "FunnelStudio.Benchmarks", "Packages", "analytics");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile))) return dir.FullName;
        }
        throw new InvalidOperationException($"No {SolutionFile} above '{AppContext.BaseDirectory}' or the working directory.");
    }
}
