namespace FunnelStudio.Diagnostics;

/// <summary>Collects every diagnostic of a load; the loader never stops at the first problem.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Error(DiagnosticCode code, string file, string path, string message) =>
        _items.Add(new Diagnostic(code.Id, DiagnosticSeverity.Error, file, path, message));

    public void Warning(DiagnosticCode code, string file, string path, string message) =>
        _items.Add(new Diagnostic(code.Id, DiagnosticSeverity.Warning, file, path, message));

    public void Report(DiagnosticCode code, string file, string path, string message) =>
        _items.Add(new Diagnostic(code.Id, code.DefaultSeverity, file, path, message));
}
