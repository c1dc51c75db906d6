namespace FunnelStudio.Testing;

/// <summary>The outcome of one package test: passed, or every way it differed from the expectation.</summary>
public sealed record PackageTestResult(string Name, string File, IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
