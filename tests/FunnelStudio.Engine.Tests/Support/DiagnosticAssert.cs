using FunnelStudio.Diagnostics;
using FunnelStudio.Loading;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>Assertions over load diagnostics that print every diagnostic when they fail.</summary>
public static class DiagnosticAssert
{
    /// <summary>Asserts exactly one diagnostic has <paramref name="code"/> and returns it.</summary>
    public static Diagnostic Single(LoadResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"Expected exactly one {code}, got {matches.Count}:\n{Describe(result)}");
        return matches[0];
    }

    /// <summary>Asserts the one diagnostic with <paramref name="code"/> has this severity, file and path.</summary>
    public static Diagnostic Has(LoadResult result, string code, DiagnosticSeverity severity, string file, string path)
    {
        var d = Single(result, code);
        Assert.Equal(severity, d.Severity);
        Assert.Equal(file, d.File);
        Assert.Equal(path, d.Path);
        Assert.False(string.IsNullOrWhiteSpace(d.Message));
        return d;
    }

    /// <summary>Asserts the load failed: errors, and no compiled package anything could run.</summary>
    public static void Refused(LoadResult result)
    {
        Assert.False(result.Succeeded, "Expected the package to be refused:\n" + Describe(result));
        Assert.Null(result.Package);
    }

    public static string Describe(LoadResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join("\n", result.Diagnostics.Select(d => $"  {d.Severity} {d}"));
}
