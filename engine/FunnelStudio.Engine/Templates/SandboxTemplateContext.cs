using System.Diagnostics;
using System.Globalization;
using System.Net;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace FunnelStudio.Templates;

/// <summary>
/// A render's context. Every value a <c>{{ … }}</c> writes goes through <see cref="Write"/> and is
/// HTML-encoded there; the template's own text (outside <c>{{ }}</c>) is written by Scriban without
/// passing here, so an admin's markup stays markup and a user's value never becomes markup.
/// </summary>
internal sealed class SandboxTemplateContext(Scriban.Runtime.ScriptObject builtins) : TemplateContext(builtins)
{
    public const string DateFormat = "yyyy-MM-dd HH:mm";

    private CancellationTokenSource? _abort;
    private long _deadline;
    private int _evaluations;

    /// <summary>
    /// Stops the render once <paramref name="limit"/> has passed: every 32 evaluations the render reads
    /// the clock and, past the deadline, cancels <paramref name="abort"/>, which Scriban checks between
    /// statements and loop steps. Not a timer: a timer's callback runs on the thread pool, and on a busy
    /// machine it fired seconds late (a 50 ms limit stopped a render after 5.2 s).
    /// </summary>
    public void LimitTo(CancellationTokenSource abort, TimeSpan limit)
    {
        _abort = abort;
        _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        CancellationToken = abort.Token;
    }

    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        if (_abort is { } abort && (++_evaluations & 31) == 0 && !abort.IsCancellationRequested && Stopwatch.GetTimestamp() > _deadline)
            abort.Cancel();
        return base.Evaluate(scriptNode, aliasReturnedFunction);
    }

    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is not null && ObjectToString(textAsObject) is { } text)
            Write(WebUtility.HtmlEncode(text));
        return this;
    }

    /// <summary>Dates print as yyyy-MM-dd HH:mm (invariant) unless formatted with <c>date.to_string</c>.</summary>
    public override string? ObjectToString(object? value, bool nested = false) => value switch
    {
        DateTime date => date.ToString(DateFormat, CultureInfo.InvariantCulture),
        _ => base.ObjectToString(value, nested),
    };
}
