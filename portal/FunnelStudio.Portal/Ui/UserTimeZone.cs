namespace FunnelStudio.Portal.Ui;

/// <summary>
/// The browser's time zone, so a rep in Shanghai types and reads date-times in Shanghai time while
/// the engine stores UTC. <c>site.js</c> writes the IANA name into a cookie; until it has (the very
/// first page), the server's zone is used.
/// </summary>
public sealed class UserTimeZone(IHttpContextAccessor accessor)
{
    public const string CookieName = "fs_tz";

    private TimeZoneInfo? _zone;

    public TimeZoneInfo Zone => _zone ??= Resolve(accessor.HttpContext?.Request.Cookies[CookieName]);

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>
    /// Turns a <c>datetime-local</c> value (no zone) into an ISO UTC text the engine binds as-is;
    /// anything that is not a local date-time is passed through for the engine to judge.
    /// </summary>
    public string? LocalInputToUtc(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return text;
        if (!DateTime.TryParseExact(text.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"],
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            return text;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var utc = Zone.IsInvalidTime(unspecified) ? unspecified.AddHours(1) : unspecified;
        return TimeZoneInfo.ConvertTimeToUtc(utc, Zone).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static TimeZoneInfo Resolve(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64) return TimeZoneInfo.Local;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Local;
    }
}
