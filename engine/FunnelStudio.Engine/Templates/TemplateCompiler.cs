using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace FunnelStudio.Templates;

/// <summary>
/// Parses a package's <c>templates/*.sbn</c> once, at load. A syntax error (with its line and column)
/// or a statement no template may use (<c>include</c>: templates have no file system) is a diagnostic,
/// so a bad template stops the package from loading instead of failing when a user prints.
/// </summary>
internal static class TemplateCompiler
{
    // Nesting deeper than this is no real template; Scriban's own guard (250) is close to what its
    // recursive-descent parser survives on a small thread stack, so ours is well below it.
    private const int MaxDepth = 64;

    /// <summary>Built-ins that read other templates; with no loader they can only fail.</summary>
    private static readonly HashSet<string> Forbidden = ["include", "include_join"];

    private static readonly ParserOptions Options = new() { ExpressionDepthLimit = MaxDepth, ParseFloatAsDecimal = true };

    public static CompiledTemplates Compile(PackageDefinition package, DiagnosticBag bag)
    {
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        foreach (var (name, source) in package.Templates)
        {
            var file = $"templates/{name}.sbn";
            if (Parse(file, source, bag) is { } template) parsed[name] = template;
        }
        return new CompiledTemplates(parsed);
    }

    /// <summary>
    /// Markup a template's own text must not hold: the output is shown as HTML (document pages, the
    /// inbox, emails), so the only raw text in it — the template's — may carry no script. Values
    /// are escaped anyway; this covers what the package author writes (the page's CSP is the second wall).
    /// </summary>
    private static readonly System.Text.RegularExpressions.Regex ActiveMarkup = new(
        @"<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|base|meta|link|form)\b|<[^>]*\son[a-z]+\s*=|(java|vb)script\s*:|data\s*:\s*text/html",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1));

    private static Template? Parse(string file, string source, DiagnosticBag bag)
    {
        if (ActiveMarkup.Match(source) is { Success: true } active)
        {
            var line = source.AsSpan(0, active.Index).Count('\n') + 1;
            var column = active.Index - (source.LastIndexOf('\n', Math.Max(0, active.Index - 1)) + 1) + 1;
            bag.Add(new Diagnostic(DiagnosticCodes.TemplateActiveMarkup.Id, DiagnosticCodes.TemplateActiveMarkup.DefaultSeverity, file, "$",
                $"{file}({line}:{column}): '{active.Value.Trim()}' is not allowed in a template: its output is shown as HTML, and may carry no script.",
                line, column));
            return null;
        }
        Template template;
        try
        {
            template = Template.Parse(source, file, Options);
        }
        catch (Exception e) when (e is InsufficientExecutionStackException or InvalidOperationException or ArgumentException)
        {
            bag.Report(DiagnosticCodes.TemplateSyntaxError, file, "$", $"{file}: the template could not be parsed: {e.Message}");
            return null;
        }
        if (template.HasErrors)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error))
                Report(bag, DiagnosticCodes.TemplateSyntaxError, file, message.Span, message.Message);
            return null;
        }
        var refused = false;
        foreach (var variable in Walk(template.Page).OfType<ScriptVariableGlobal>().Where(v => Forbidden.Contains(v.Name)))
        {
            Report(bag, DiagnosticCodes.TemplateStatementNotAllowed, file, variable.Span,
                $"'{variable.Name}' is not allowed: a template cannot read other files; put what it needs in the template itself.");
            refused = true;
        }
        return refused ? null : template;
    }

    private static void Report(DiagnosticBag bag, DiagnosticCode code, string file, SourceSpan span, string message)
    {
        int line = span.Start.Line + 1, column = span.Start.Column + 1;
        bag.Add(new Diagnostic(code.Id, code.DefaultSeverity, file, "$", $"{file}({line}:{column}): {message}", line, column));
    }

    // Iterative, so a deep tree cannot overflow the stack here either.
    private static IEnumerable<ScriptNode> Walk(ScriptNode? root)
    {
        if (root is null) yield break;
        var stack = new Stack<ScriptNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = 0; i < node.ChildrenCount; i++)
                if (node.GetChildren(i) is { } child) stack.Push(child);
        }
    }
}
