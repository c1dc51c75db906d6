using FunnelStudio.Analytics;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// Reads an <see cref="AnalyticsQuery"/> from a query string. What it judges is the syntax (dates, zone,
/// mode, the period's bounds); whether the object, a field or a stage exists and may be read is the
/// engine's to say (<see cref="AnalyticsException"/>).
/// </summary>
public static class AnalyticsQueryParser
{
    /// <summary>The longest period a figure may cover.</summary>
    public const int MaxYears = 10;

    /// <param name="defaultObject">The object when the query names none (the first with a pipeline the user reads).</param>
    /// <param name="defaultZone">The zone when the query has no <c>tz</c> (the browser's, on pages; UTC on the API).</param>
    public static (AnalyticsQuery? Query, AnalyticsProblem? Problem) Parse(IQueryCollection query, string? defaultObject,
        TimeZoneInfo defaultZone, DateTime nowUtc, string? defaultPreset = AnalyticsPeriods.Default)
    {
        var objectName = Text(query, "object") ?? defaultObject;
        if (objectName is null)
            return (null, new AnalyticsProblem(AnalyticsErrors.Forbidden, "There is no object with a pipeline whose records you may read."));

        var zone = defaultZone;
        var tz = Text(query, "tz");
        if (tz is not null && (tz.Length > 64 || !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone!)))
            return (null, new AnalyticsProblem(AnalyticsErrors.BadPeriod, $"tz '{Clip(tz)}' is not a time zone (use an IANA id such as Asia/Shanghai)."));

        var (from, to, preset, periodProblem) = Period(query, zone, nowUtc, defaultPreset);
        if (periodProblem is not null) return (null, periodProblem);

        var mode = FunnelMode.Cohort;
        if (Text(query, "mode") is { } modeText && !TryEnum(modeText, out mode))
            return (null, new AnalyticsProblem(Api.ErrorCodes.BadRequest, "mode must be cohort or period."));

        // "__none": the records without an owner, which the engine's scope calls "" (only reachable by a
        // viewer who reads every owner's records; for anyone else it is an empty set, not an error).
        var owner = Text(query, "owner") is { } ownerText && ownerText == AnalyticsQuery.NoneValue ? "" : Text(query, "owner");
        var team = Text(query, "team");
        var fields = new List<AnalyticsFieldFilter>();
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith("f.", StringComparison.Ordinal) || key.Length <= 2) continue;
            var value = values.ToString();
            if (value.Length == 0) continue; // "(any)" in the filter bar
            fields.Add(new AnalyticsFieldFilter(key[2..], value == AnalyticsQuery.NoneValue ? null : value));
        }

        return (new AnalyticsQuery(objectName, from, to)
        {
            Preset = preset, Zone = zone, ZoneGiven = tz is not null, Owner = owner, Team = team,
            Fields = fields.OrderBy(f => f.Field, StringComparer.Ordinal).ToList(), Split = Text(query, "split"), Mode = mode,
        }, null);
    }

    private static (DateTime From, DateTime To, string? Preset, AnalyticsProblem? Problem) Period(IQueryCollection query, TimeZoneInfo zone,
        DateTime nowUtc, string? defaultPreset)
    {
        var fromText = Text(query, "from");
        var toText = Text(query, "to");
        var preset = Text(query, "period");
        if (preset is null or AnalyticsPeriods.Custom && (fromText is not null || toText is not null))
        {
            if (fromText is null || toText is null)
                return Bad("Give both from and to (a day yyyy-MM-dd or an ISO 8601 instant with Z or an offset).");
            var from = AnalyticsPeriods.Parse(fromText, zone, isEnd: false);
            var to = AnalyticsPeriods.Parse(toText, zone, isEnd: true);
            if (from is null) return Bad($"from '{Clip(fromText)}' is not a day (yyyy-MM-dd) or an instant with a zone.");
            if (to is null) return Bad($"to '{Clip(toText)}' is not a day (yyyy-MM-dd) or an instant with a zone.");
            if (from >= to) return Bad("from must be before to.");
            if (to > from.Value.AddYears(MaxYears)) return Bad($"The period may be at most {MaxYears} years.");
            return (from.Value, to.Value, AnalyticsPeriods.Custom, null);
        }
        preset ??= defaultPreset;
        if (preset is null) return Bad("Give from and to (a day yyyy-MM-dd or an ISO 8601 instant with Z or an offset), or a period.");
        if (AnalyticsPeriods.Of(preset, nowUtc, zone) is not var (start, end))
            return Bad($"period must be one of {string.Join(", ", AnalyticsPeriods.Presets)}, or custom with from and to.");
        return (start, end, preset, null);

        static (DateTime, DateTime, string?, AnalyticsProblem?) Bad(string message) =>
            (default, default, null, new AnalyticsProblem(AnalyticsErrors.BadPeriod, message));
    }

    /// <summary>A drill target from <c>kind</c>, <c>stage</c> and <c>mode</c>.</summary>
    public static (DrillTarget? Target, AnalyticsProblem? Problem) Target(IQueryCollection query, FunnelMode mode)
    {
        if (Text(query, "kind") is not { } kindText || !TryEnum(kindText, out DrillKind kind))
            return (null, new AnalyticsProblem(Api.ErrorCodes.BadRequest,
                "kind must be one of created, won, lost, closed, funnel, leftstage, open, stalled."));
        var stage = Text(query, "stage");
        if (stage is null && kind is DrillKind.Funnel or DrillKind.LeftStage)
            return (null, new AnalyticsProblem(AnalyticsErrors.UnknownStage, $"kind {kindText} needs a stage."));
        return (new DrillTarget(kind, stage, mode), null);
    }

    /// <summary>A whole number in [min, max], or the fallback when the parameter is absent.</summary>
    public static bool TryInt(IQueryCollection query, string name, int fallback, int min, int max, out int value)
    {
        value = fallback;
        var text = Text(query, name);
        if (text is null) return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }

    public static string? Text(IQueryCollection query, string name) =>
        query[name].ToString() is { Length: > 0 } text ? text.Trim() : null;

    /// <summary>An enum by its name (any case), never by a number.</summary>
    public static bool TryEnum<T>(string text, out T value) where T : struct, Enum
    {
        value = default;
        return text.Length > 0 && !char.IsAsciiDigit(text[0]) && text[0] != '-'
            && Enum.TryParse(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
