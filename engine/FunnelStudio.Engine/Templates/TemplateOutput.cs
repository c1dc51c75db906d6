using System.Net;

namespace FunnelStudio.Templates;

/// <summary>
/// The notification convention: the first line of a template's output is the title (subject), the
/// rest is the HTML body. The title comes back as plain text (the HTML-escaping of values undone),
/// for an email subject or an inbox line; the body stays HTML.
/// </summary>
public static class TemplateOutput
{
    public static (string Title, string Body) Split(string output)
    {
        var text = output.TrimStart('\r', '\n');
        var end = text.IndexOf('\n');
        var title = end < 0 ? text : text[..end];
        var body = end < 0 ? "" : text[(end + 1)..];
        return (WebUtility.HtmlDecode(title.TrimEnd('\r').Trim()), body.Trim());
    }
}
