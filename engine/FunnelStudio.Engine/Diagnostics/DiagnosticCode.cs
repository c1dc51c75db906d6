namespace FunnelStudio.Diagnostics;

/// <summary>A stable diagnostic code (<c>FS1xxx</c>) with its default severity and a one-line meaning.</summary>
public sealed record DiagnosticCode(string Id, DiagnosticSeverity DefaultSeverity, string Title);
