using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Rules;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// How the analytics pages name and link what they show: stage, field and slice labels in the UI
/// language, numbers in its format, and the drill-down link of every figure (the same filters, the
/// figure's record set, its period, and a split slice as a filter).
/// </summary>
public sealed class AnalyticsView(AnalyticsQuery query, CompiledObject compiled, ObjectAccess access,
    IReadOnlyList<DirectoryUser> users, string noneLabel, string allLabel)
{
    public AnalyticsQuery Query => query;
    public CompiledObject Compiled => compiled;
    public ObjectAccess Access => access;
    public static string Locale => CultureInfo.CurrentUICulture.Name;

    /// <summary>False when the pipeline's amount field is hidden from the user: no amount is shown or exported then.</summary>
    public bool ShowsAmounts => compiled.Definition.Amount is { } amount && !access.IsHidden(amount.Name);

    public string ObjectLabel => compiled.Definition.Label.Get(Locale);

    public string StageLabel(string stage) =>
        compiled.Definition.Pipeline?.Find(stage) is { } s ? s.Label.Get(Locale) : stage;

    public string FieldLabel(string field) => compiled.Definition.Field(field) is { } f ? f.Label.Get(Locale) : field;

    public string UserName(string? id) =>
        id is null ? "" : users.FirstOrDefault(u => u.Id == id)?.Name ?? id;

    /// <summary>
    /// The label of a split's slice: the owner's name or the option's label; "(none)" for the empty
    /// slice, "All" for the total the engine gives beside the slices.
    /// </summary>
    public string SliceLabel(string? slice)
    {
        if (slice is null) return allLabel;
        if (slice.Length == 0) return noneLabel;
        if (query.Split == "owner") return UserName(slice);
        return compiled.Definition.Field(query.Split ?? "")?.Options.FirstOrDefault(o => o.Name == slice)?.Label.Get(Locale) ?? slice;
    }

    /// <summary>
    /// The list behind a figure: <c>/analytics/records</c> with this view's filters, the record set and
    /// its period; a slice becomes a filter. Null when the slice cannot be one (records without an owner).
    /// </summary>
    public string? Drill(DrillKind kind, Period period, string? stage = null, string? slice = null, FunnelMode? mode = null) =>
        DrillQuery(kind, period, stage, slice, mode) is { } q ? "/analytics/records" + q : null;

    /// <summary>The same as <see cref="Drill"/> for the API's list (<c>/api/v1/analytics/records</c>).</summary>
    public string? DrillApi(DrillKind kind, Period period, string? stage = null, string? slice = null, FunnelMode? mode = null) =>
        DrillQuery(kind, period, stage, slice, mode) is { } q ? "/api/v1/analytics/records" + q : null;

    private string? DrillQuery(DrillKind kind, Period period, string? stage, string? slice, FunnelMode? mode)
    {
        var parameters = query.FilterParameters();
        if (slice is not null && query.Split is { } split)
        {
            if (split == "owner")
            {
                parameters.RemoveAll(p => p.Key == "owner");
                parameters.Add(new("owner", slice.Length == 0 ? AnalyticsQuery.NoneValue : slice));
            }
            else
            {
                parameters.RemoveAll(p => p.Key == "f." + split);
                parameters.Add(new("f." + split, slice.Length == 0 ? AnalyticsQuery.NoneValue : slice));
            }
        }
        parameters.Add(new("from", AnalyticsQuery.Instant(period.Start)));
        parameters.Add(new("to", AnalyticsQuery.Instant(period.End)));
        parameters.Add(new("kind", kind.ToString().ToLowerInvariant()));
        if (stage is not null) parameters.Add(new("stage", stage));
        if (kind == DrillKind.Funnel) parameters.Add(new("mode", (mode ?? query.Mode).ToString().ToLowerInvariant()));
        return AnalyticsQuery.QueryString(parameters);
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Rate(double? value) => value is { } v ? v.ToString("P1", CultureInfo.CurrentCulture) : "—";

    public static string Days(double? value) => value is { } v ? v.ToString("N1", CultureInfo.CurrentCulture) : "—";

    public static string Amount(decimal? value) => value is { } v ? v.ToString("N0", CultureInfo.CurrentCulture) : "—";

    /// <summary>A change as "+3" / "−2" (percentage points for rates); empty when either side is missing.</summary>
    public static string Delta(double? current, double? previous, bool rate = false)
    {
        if (current is not { } c || previous is not { } p) return "";
        var d = rate ? (c - p) * 100 : c - p;
        var text = Math.Abs(d).ToString(rate ? "N1" : Math.Abs(d % 1) < 1e-9 ? "N0" : "N1", CultureInfo.CurrentCulture);
        return (d > 0 ? "+" : d < 0 ? "−" : "±") + text + (rate ? " pp" : "");
    }
}
