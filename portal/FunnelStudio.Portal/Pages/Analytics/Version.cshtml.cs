using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Analytics;

/// <summary>
/// <c>/analytics/versions/{id}?weeks=N</c>: the effect of a change — conversion per stage (period
/// funnel), win rate and time in stage for the N weeks before a version went live and after it.
/// </summary>
public sealed class VersionModel(IAnalyticsService analytics, IPackageRuntime runtime, ICurrentUser currentUser,
    IUserDirectory users, UserTimeZone zone, IStringLocalizer<SharedResource> text, TimeProvider time)
    : AnalyticsPageModel(analytics, runtime, currentUser, users, zone, text, time)
{
    public const int DefaultWeeks = 4;
    public const int MaxWeeks = 26;

    [FromRoute] public long Id { get; set; }

    public int Weeks { get; private set; } = DefaultWeeks;
    public VersionEffect? Effect { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!AnalyticsQueryParser.TryInt(Request.Query, "weeks", DefaultWeeks, 1, MaxWeeks, out var weeks))
        {
            Fail(FunnelStudio.Portal.Api.ErrorCodes.BadRequest, $"weeks must be a whole number from 1 to {MaxWeeks}.");
            return;
        }
        Weeks = weeks;
        if (Query is not { } query) return;
        Effect = await RunAsync(() => Analytics.VersionEffectAsync(Acting, query.ToRequest(), Id, weeks, cancellationToken));
    }

    /// <summary>One row per stage: entered before and after (linked), conversion before and after, and the change.</summary>
    public IReadOnlyList<(string Stage, FunnelStep? Before, FunnelStep? After)> Steps =>
        Effect is null ? [] : Effect.FunnelAfter.Steps.Select(s => s.Stage)
            .Union(Effect.FunnelBefore.Steps.Select(s => s.Stage))
            .Select(stage => (stage, Effect.FunnelBefore.Steps.FirstOrDefault(s => s.Stage == stage),
                Effect.FunnelAfter.Steps.FirstOrDefault(s => s.Stage == stage))).ToList();

    public IReadOnlyList<(string Stage, StageTime? Before, StageTime? After)> Times =>
        Effect is null ? [] : Effect.TimeAfter.Select(t => t.Stage).Union(Effect.TimeBefore.Select(t => t.Stage))
            .Select(stage => (stage, Effect.TimeBefore.FirstOrDefault(t => t.Stage == stage), Effect.TimeAfter.FirstOrDefault(t => t.Stage == stage))).ToList();

    public string WeeksLink(int weeks) =>
        $"/analytics/versions/{Id}" + AnalyticsQuery.QueryString([.. Query?.FilterParameters() ?? [], new("weeks", weeks.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public string DashboardLink => "/analytics" + (Query is null ? "" : AnalyticsQuery.QueryString(Query.FilterParameters()));
}
