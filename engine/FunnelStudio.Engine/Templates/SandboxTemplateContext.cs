using System.Globalization;
using System.Net;
using Scriban;
using Scriban.Parsing;

namespace FunnelStudio.Templates;

/// <summary>
/// A render's context. Every value a <c>{{ … }}</c> writes goes through <see cref="Write"/> and is
/// HTML-encoded there; the template's own text (outside <c>{{ }}</c>) is written by Scriban without
/// passing here, so an admin's markup stays markup and a user's value never becomes markup.
/// </summary>
internal sealed class SandboxTemplateContext(Scriban.Runtime.ScriptObject builtins) : TemplateContext(builtins)
{
    public const string DateFormat = "yyyy-MM-dd HH:mm";

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
