namespace FunnelStudio.Portal.Api;

/// <summary>A record's ETag is its version in quotes; If-Match names the version a change starts from.</summary>
public static class ETags
{
    public static string For(long version) => $"\"{version}\"";

    /// <summary>
    /// The version an If-Match header names: null when the header is absent or <c>*</c> (no check);
    /// -1 when it names no version at all (never matches, so the change is refused with 412).
    /// </summary>
    public static long? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*") return null;
        foreach (var part in header.Split(','))
        {
            var tag = part.Trim();
            if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
            if (long.TryParse(tag.Trim('"'), System.Globalization.NumberStyles.None, null, out var version)) return version;
        }
        return -1;
    }

    public static bool HasPrecondition(HttpRequest request) => ExpectedVersion(request) is not null;
}
