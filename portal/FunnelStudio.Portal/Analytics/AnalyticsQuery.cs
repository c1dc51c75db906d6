using FunnelStudio.Analytics;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// The analytics filters as the dashboard, the drill-down list, the CSV export and the API read them
/// from a query string: object, period (UTC), zone, owner or team, picklist filters, split and
/// funnel mode. One parser for all of them, so a drill link repeats the exact figures' filters.
/// </summary>
public sealed record AnalyticsQuery(string Object, DateTime From, DateTime To)
{
    /// <summary>
    /// The value of a <c>f.&lt;field&gt;</c> or <c>owner</c> filter that means "empty": the field has no
    /// value, the record has no owner (a split's "(none)" slice).
    /// </summary>
    public const string NoneValue = "__none";

    /// <summary>The preset the period came from (<see cref="AnalyticsPeriods"/>), or null for explicit dates.</summary>
    public string? Preset { get; init; }
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
    /// <summary>True when the query named the zone (<c>tz</c>); links then carry it on.</summary>
    public bool ZoneGiven { get; init; }
    /// <summary>An owner's user id; "" for the records without an owner.</summary>
    public string? Owner { get; init; }
    public string? Team { get; init; }
    public IReadOnlyList<AnalyticsFieldFilter> Fields { get; init; } = [];
    public string? Split { get; init; }
    public FunnelMode Mode { get; init; } = FunnelMode.Cohort;

    public Period Period => new(From, To);

    public AnalyticsRequest ToRequest() => ToRequest(From, To);

    /// <summary>The engine's request for another period with the same object and filters.</summary>
    public AnalyticsRequest ToRequest(DateTime from, DateTime to) => new(Object, from, to)
    {
        Owner = Owner, Team = Team, Fields = Fields, SplitBy = Split, Zone = Zone,
    };

    /// <summary>The filter value of <paramref name="field"/> as a query parameter (null: no filter).</summary>
    public string? FieldValue(string field) => Fields.FirstOrDefault(f => f.Field == field) is { } filter ? filter.Value ?? NoneValue : null;

    /// <summary>
    /// The query parameters of these filters (not the period, split or mode), for links that keep them.
    /// </summary>
    public List<KeyValuePair<string, string>> FilterParameters()
    {
        var parameters = new List<KeyValuePair<string, string>> { new("object", Object) };
        if (ZoneGiven) parameters.Add(new("tz", Zone.Id));
        if (Owner is not null) parameters.Add(new("owner", Owner.Length == 0 ? NoneValue : Owner));
        if (Team is not null) parameters.Add(new("team", Team));
        parameters.AddRange(Fields.Select(f => new KeyValuePair<string, string>("f." + f.Field, f.Value ?? NoneValue)));
        return parameters;
    }

    /// <summary>A query string (with its <c>?</c>) from parameters, each value escaped.</summary>
    public static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var text = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        return text.Length == 0 ? "" : "?" + text;
    }

    /// <summary>An instant as the query string carries it: ISO 8601 UTC.</summary>
    public static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Why a query could not be read: the stable code (one of <see cref="AnalyticsErrors"/> or the API's) and what is wrong.</summary>
public sealed record AnalyticsProblem(string Code, string Message);
