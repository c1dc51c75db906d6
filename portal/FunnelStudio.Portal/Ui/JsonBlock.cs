using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Data for a page's script, as <c>&lt;script type="application/json" id="…"&gt;…&lt;/script&gt;</c>: the
/// one place the portal writes JSON into HTML unencoded, so the one place to check that nothing in it
/// (a stage label, an owner's name, a picklist value) can close the element. System.Text.Json's default
/// encoder already writes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> as <c>\u00XX</c>; every <c>&lt;</c> is
/// escaped here again, whatever serializer made the text (in JSON a <c>&lt;</c> can only stand inside a
/// string, where <c>\u003c</c> means the same). The block is data: the CSP runs no inline script.
/// </summary>
public static class JsonBlock
{
    public static IHtmlContent Script(string id, string json) =>
        new HtmlString($"<script type=\"application/json\" id=\"{HtmlEncoder.Default.Encode(id)}\">{json.Replace("<", "\\u003c", StringComparison.Ordinal)}</script>");
}
