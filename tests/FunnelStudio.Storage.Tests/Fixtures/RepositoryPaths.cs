namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>Finds files of the repository (sample packages) from the test's output folder.</summary>
public static class RepositoryPaths
{
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
