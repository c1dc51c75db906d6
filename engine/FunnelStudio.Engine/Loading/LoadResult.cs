using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Loading;

/// <summary>
/// What loading a package gives: every diagnostic, the definition when it could be read, and the
/// compiled package when there are no errors.
/// </summary>
public sealed record LoadResult(PackageDefinition? Definition, CompiledPackage? Package, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Package is not null && !Diagnostics.Any(d => d.IsError);
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
