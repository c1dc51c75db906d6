using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Analytics.Forecast;

/// <summary>
/// The base of the forecast pages (chart and table, CSV, drill-down): the acting user, resolved before
/// any handler runs, the service, and a refusal turned into a message and its status code.
/// </summary>
public abstract class ForecastPageModel(IForecastService service, ICurrentUser currentUser, IPackageRuntime runtime,
    IOptions<AnalyticsOptions> options, TimeProvider clock) : ActingPageModel(currentUser)
{
    protected IForecastService Service => service;
    protected IPackageRuntime Runtime => runtime;
    protected DateOnly Today => ForecastApi.Today(options, clock);

    /// <summary>Why nothing is shown (a bad filter or a refusal), in plain words; null when all went well.</summary>
    public string? Error { get; protected set; }

    public static string Locale => CultureInfo.CurrentUICulture.Name;

    /// <summary>The object's label in the request's language (its name when the package does not know it).</summary>
    public string ObjectLabel(string name) => runtime.Current.Object(name)?.Definition.Label.Get(Locale) ?? name;

    /// <summary>The objects a forecast can be asked for: those with a pipeline.</summary>
    public IEnumerable<(string Name, string Label)> Objects => runtime.Current.Objects.Values.Select(o => o.Definition)
        .Where(o => o.Pipeline is not null).Select(o => (o.Name, o.Label.Get(Locale)));

    public static string Money(decimal? value) => value is { } v ? v.ToString("#,0.##", CultureInfo.CurrentCulture) : "–";

    public static string Percent(decimal? value) => value is { } v ? (v * 100).ToString("0.#", CultureInfo.CurrentCulture) + " %" : "–";

    /// <summary>Shows <paramref name="message"/> instead of figures, with the status the API would answer.</summary>
    protected void Refuse(string message, int status)
    {
        Error = message;
        Response.StatusCode = status;
    }
}
