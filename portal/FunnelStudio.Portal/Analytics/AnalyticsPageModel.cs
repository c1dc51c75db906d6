using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// The base of the analytics pages: the acting user, the objects they may analyse, the filters read
/// from the query string (in the browser's zone) and the view that labels and links figures. A
/// request the engine refuses (<see cref="AnalyticsException"/>) becomes <see cref="Error"/>, shown on
/// the page — never a 500.
/// </summary>
public abstract class AnalyticsPageModel(IAnalyticsService analytics, IPackageRuntime runtime, ICurrentUser currentUser,
    IUserDirectory users, UserTimeZone zone, IStringLocalizer<SharedResource> text, TimeProvider time) : ActingPageModel(currentUser)
{
    protected IAnalyticsService Analytics => analytics;
    protected IStringLocalizer<SharedResource> Text => text;
    protected TimeProvider Time => time;
    protected IPackageRuntime Runtime => runtime;
    /// <summary>The browser's zone, for the date-times a page shows.</summary>
    public UserTimeZone UserZone => zone;

    public IReadOnlyList<ObjectDefinition> Objects { get; private set; } = [];
    public AnalyticsQuery? Query { get; private set; }
    public AnalyticsView? View { get; private set; }
    public IReadOnlyList<DirectoryUser> Users { get; private set; } = [];

    /// <summary>The message shown instead of figures, and its code (for scripts and tests).</summary>
    public string? Error { get; private set; }
    public string? ErrorCode { get; private set; }

    protected override async Task OnActingAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var acting = Acting;
        Objects = AnalyticsObjects.Readable(runtime, acting);
        Users = await users.AllAsync(HttpContext.RequestAborted);
        var (query, problem) = AnalyticsQueryParser.Parse(Request.Query, Objects.FirstOrDefault()?.Name, zone.Zone,
            time.GetUtcNow().UtcDateTime, DefaultPeriod);
        if (problem is not null) Fail(problem.Code, problem.Message);
        else
        {
            var (compiled, access, objectProblem) = AnalyticsObjects.Resolve(runtime, acting, query!.Object);
            if (objectProblem is not null) Fail(objectProblem.Code, objectProblem.Message);
            else
            {
                Query = query;
                View = new AnalyticsView(query, compiled!, access!, Users, text["Analytics.None"], text["Analytics.All"]);
            }
        }
        await next();
    }

    /// <summary>The period when the query gives none (the dashboard's default preset; null: from and to are required).</summary>
    protected virtual string? DefaultPeriod => AnalyticsPeriods.Default;

    /// <summary>Runs an engine call; a refusal becomes the page's <see cref="Error"/> and the answer null.</summary>
    protected async Task<T?> RunAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return await call();
        }
        catch (AnalyticsException e)
        {
            Fail(e.Code, e.Message);
            return null;
        }
    }

    protected void Fail(string code, string message)
    {
        if (Error is not null) return;
        ErrorCode = code;
        var known = text["Analytics.Error." + code];
        Error = known.ResourceNotFound ? message : known.Value + " " + message;
    }

    /// <summary>The users the viewer may filter by: active owners within their read scope.</summary>
    public IReadOnlyList<UserOption> OwnerOptions => View is null ? [] :
        Users.Where(u => u.Active && (View.Access.ReadableOwners is not { } owners || owners.Contains(u.Id)))
            .Select(u => new UserOption(u.Id, u.Name)).ToList();

    /// <summary>
    /// Whether "(none)" is offered in the owner filter: the records without an owner are only in the
    /// scope of a viewer who reads every owner's records.
    /// </summary>
    public bool CanFilterUnowned => View is { Access.ReadableOwners: null };

    /// <summary>The teams the viewer may filter by: visible users someone reports to.</summary>
    public IReadOnlyList<UserOption> TeamOptions => OwnerOptions.Where(o => Users.Any(u => u.ManagerId == o.Id)).ToList();
}
