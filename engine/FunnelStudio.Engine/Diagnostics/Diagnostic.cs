namespace FunnelStudio.Diagnostics;

/// <summary>
/// One problem found in a config package: a stable code, where it is (file relative to the package,
/// JSON path, and line/column when the JSON itself is malformed) and a message that names the thing.
/// </summary>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string File,
    string Path,
    string Message,
    long? Line = null,
    long? Column = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() => $"{File}:{Path}: {Code} {Message}";
}
