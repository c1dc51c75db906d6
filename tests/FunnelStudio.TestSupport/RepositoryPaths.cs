namespace FunnelStudio.TestSupport;

/// <summary>Finds files of the repository (sample packages) from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The first folder above the test binaries that holds FunnelStudio.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "FunnelStudio.sln"))) return dir.FullName;
            throw new InvalidOperationException("FunnelStudio.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string SamplePackage(string name) => Path.Combine(Root, "sample-configs", name);
}
