namespace FunnelStudio.Diagnostics;

/// <summary>How bad a diagnostic is: errors make a package invalid, warnings do not.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}
