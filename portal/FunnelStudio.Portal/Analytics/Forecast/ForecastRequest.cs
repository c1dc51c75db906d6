using System.Globalization;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Rules;

namespace FunnelStudio.Portal.Analytics.Forecast;

/// <summary>
/// Reads a forecast request from the query string, the same way for the API, the page and the CSV:
/// <c>object</c> (default: the first object with a pipeline and a close date), <c>from</c> and
/// <c>to</c> (<c>yyyy-MM</c> or <c>yyyy-MM-dd</c>; default the last twelve months), <c>owner</c>
/// (one user id) and <c>team</c> (user ids, comma-separated). A value it cannot read is an error
/// message, never an exception.
/// </summary>
public static class ForecastRequest
{
    public const int MaxTeam = 500;

    public static (ForecastQuery? Query, string? Error) Parse(IQueryCollection query, CompiledPackage package, DateOnly today)
    {
        var obj = Object(query, package);
        if (obj is null) return (null, "Name an object with a pipeline (object=…).");
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        if (!Month(query["from"], thisMonth.AddMonths(-11), out var from)) return (null, "from must be a month: yyyy-MM (1900 to 9998).");
        if (!Month(query["to"], thisMonth, out var to)) return (null, "to must be a month: yyyy-MM (1900 to 9998).");
        if (!Owners(query, out var owners, out var error)) return (null, error);
        var byOwner = string.Equals(query["byOwner"], "true", StringComparison.OrdinalIgnoreCase);
        return (new ForecastQuery(obj, from, to) { Owners = owners, ByOwner = byOwner }, null);
    }

    public static (ForecastDrillQuery? Query, string? Error) ParseDrill(IQueryCollection query, CompiledPackage package)
    {
        var obj = Object(query, package);
        if (obj is null) return (null, "Name an object with a pipeline (object=…).");
        if (string.IsNullOrEmpty(query["month"]) || !Month(query["month"], default, out var month)) return (null, "month must be a month: yyyy-MM.");
        ForecastFigure figure;
        switch (query["kind"].ToString())
        {
            case "" or "forecast": figure = ForecastFigure.Forecast; break;
            case "won": figure = ForecastFigure.Won; break;
            default: return (null, "kind must be forecast or won.");
        }
        if (!Owners(query, out var owners, out var error)) return (null, error);
        if (!Whole(query["page"], 1, out var page) || !Whole(query["pageSize"], 50, out var size) || size > 200)
            return (null, "page must be a whole number from 1, pageSize from 1 to 200.");
        return (new ForecastDrillQuery(obj, month, figure) { Owners = owners, Page = page, PageSize = size }, null);
    }

    /// <summary>The query string of a request with these values, for links that keep the filters.</summary>
    public static string Filters(string obj, IReadOnlyList<string>? owners, string? owner) =>
        $"object={Uri.EscapeDataString(obj)}" + (owner is not null ? $"&owner={Uri.EscapeDataString(owner)}"
            : owners is not null ? $"&team={Uri.EscapeDataString(string.Join(',', owners))}" : "");

    private static string? Object(IQueryCollection query, CompiledPackage package)
    {
        var name = query["object"].ToString();
        if (name.Length > 0) return name; // unknown names are the service's to refuse, with their code
        var objects = package.Objects.Values.Select(o => o.Definition).Where(o => o.Pipeline is not null).ToList();
        return (objects.FirstOrDefault(o => o.CloseDate is not null) ?? objects.FirstOrDefault())?.Name;
    }

    private static bool Month(string? text, DateOnly fallback, out DateOnly month)
    {
        month = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        var ok = DateOnly.TryParseExact(text, ["yyyy-MM", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed);
        // Years at the edge of the calendar would overflow the month arithmetic; nobody forecasts them.
        if (!ok || parsed.Year is < 1900 or > 9998) return false;
        month = new DateOnly(parsed.Year, parsed.Month, 1);
        return true;
    }

    private static bool Owners(IQueryCollection query, out IReadOnlyList<string>? owners, out string? error)
    {
        owners = null;
        error = null;
        var owner = query["owner"].ToString();
        var team = query["team"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (team.Length > MaxTeam)
        {
            error = $"team may name at most {MaxTeam} users.";
            return false;
        }
        if (owner.Length > 0) owners = team.Length > 0 ? team.Contains(owner) ? [owner] : [] : [owner];
        else if (team.Length > 0) owners = team;
        return true;
    }

    private static bool Whole(string? text, int fallback, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1;
    }
}
