using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Benchmarks;

internal static class PackageFixture
{
    /// <summary>Loads a package and fails loudly with its diagnostics: a benchmark of a broken package measures nothing.</summary>
    public static CompiledPackage LoadOrThrow(string directory)
    {
        var result = PackageLoader.Load(directory);
        if (!result.Succeeded)
            throw new InvalidOperationException($"Package '{directory}' does not load:{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Errors.Select(d => $"  {d}")));
        return result.Package!;
    }
}
