using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/reports</c>: the reports the caller may see (own, shared with a role, the package's),
/// save a new one (validated like config: 422 with every problem's code and JSON path — a field the
/// caller may not read is one of them, <c>REPORT_FIELD_FORBIDDEN</c>), read, delete, run a saved one
/// or an unsaved definition. A run over its time limit is 503 <c>REPORT_TIMEOUT</c>.
/// </summary>
public static class ReportsApi
{
    internal static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static RouteGroupBuilder MapReportsApi(this RouteGroupBuilder api)
    {
        var reports = api.MapGroup("/reports").WithTags("Reports");
        reports.MapGet("", ListAsync).WithName("ListReports").WithSummary("The reports you may run: yours, those shared with your roles and the package's")
            .Produces<ReportListDto>();
        reports.MapPost("", CreateAsync).WithName("CreateReport")
            .WithSummary("Save a report (managers and admins): object, filters, match, groupBy (≤ 2), measures, display, sharedWith")
            .Accepts<ReportDefinition>("application/json").Produces<ReportEntryDto>(201)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(422);
        reports.MapPost("/run", RunUnsavedAsync).WithName("RunUnsavedReport")
            .WithSummary("Run a definition without saving it (managers and admins); ?timeZone=Europe/Berlin for date buckets")
            .Accepts<ReportDefinition>("application/json").Produces<ReportResultDto>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(422).ProducesProblem(503);
        reports.MapGet("/{id}", GetAsync).WithName("GetReport").WithSummary("One report you may see (a GUID, or pkg.<dashboard>.<report>)")
            .Produces<ReportEntryDto>().ProducesProblem(404);
        reports.MapPost("/{id}/run", RunAsync).WithName("RunReport")
            .WithSummary("Run a report; body (optional): { \"timeZone\": \"Europe/Berlin\", \"period\": { \"field\": \"close_date\", \"from\": \"2026-01-01\", \"to\": \"2026-03-31\" } }")
            .Accepts<RunRequest>("application/json").Produces<ReportResultDto>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(422).ProducesProblem(503);
        reports.MapDelete("/{id}", DeleteAsync).WithName("DeleteReport").WithSummary("Delete a report you own (admins: any saved report)")
            .Produces(204).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> ListAsync(ICurrentUser current, ReportCatalog catalog, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var entries = await catalog.ListAsync(user, ApiRequest.Locale, cancellationToken);
        return TypedResults.Ok(new ReportListDto(entries.Select(e => ReportEntryDto.From(e, catalog.CanChange(e, user))).ToList()));
    }

    private static async Task<IResult> GetAsync(string id, ICurrentUser current, ReportCatalog catalog, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return await catalog.FindAsync(id, user, ApiRequest.Locale, cancellationToken) is { } entry
            ? TypedResults.Ok(ReportEntryDto.From(entry, catalog.CanChange(entry, user)))
            : NotFound(id);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ICurrentUser current, IReportService service, ISavedReportStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var (report, error) = await ReadDefinitionAsync(request, cancellationToken);
        if (error is not null) return error;
        if (!service.CanBuild(user, report!.Object) && service.Validate(report, user).All(p => p.Code != ReportCodes.UnknownObject))
            return ApiProblems.Problem(403, ErrorCodes.Forbidden, $"Only users who read the records of '{report.Object}' beyond their own (managers) and admins build reports on it.");
        if (Invalid(service.Validate(report!, user)) is { } invalid) return invalid;
        var now = clock.GetUtcNow().UtcDateTime;
        var saved = new SavedReport(Guid.NewGuid(), user.Id, report!) { CreatedAt = now, UpdatedAt = now };
        await store.SaveAsync(saved, cancellationToken);
        var entry = new ReportEntry(saved.Id.ToString(), saved.Definition, saved.Definition.Title, user.Id, false);
        return TypedResults.Created($"/api/v1/reports/{saved.Id}", ReportEntryDto.From(entry, canChange: true));
    }

    private static async Task<IResult> RunUnsavedAsync(HttpRequest request, ICurrentUser current, IReportService service, ReportLabels labels,
        CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var (report, error) = await ReadDefinitionAsync(request, cancellationToken);
        if (error is not null) return error;
        if (!service.CanBuild(user, report!.Object) && service.Validate(report, user).All(p => p.Code != ReportCodes.UnknownObject))
            return ApiProblems.Problem(403, ErrorCodes.Forbidden, $"Only users who read the records of '{report.Object}' beyond their own (managers) and admins build reports on it.");
        if (Zone(request.Query["timeZone"].ToString()) is not { } zone) return ApiProblems.BadRequest("timeZone is not a known time zone.");
        return await RunCoreAsync(report!, user, zone, service, labels, cancellationToken);
    }

    private static async Task<IResult> RunAsync(string id, HttpRequest request, ICurrentUser current, ReportCatalog catalog, IReportService service,
        ReportLabels labels, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        if (await catalog.FindAsync(id, user, ApiRequest.Locale, cancellationToken) is not { } entry) return NotFound(id);
        RunRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<RunRequest>(request.Body, Strict, cancellationToken);
            }
            catch (JsonException e)
            {
                return ApiProblems.BadRequest($"The body is not a run request: {e.Message.Split('\n')[0]}");
            }
        }
        if (Zone(body?.TimeZone) is not { } zone) return ApiProblems.BadRequest("timeZone is not a known time zone.");
        var report = entry.Definition;
        if (body?.Period is { } period)
        {
            // A period narrows every record of the report; with "any" it would only be one more alternative.
            if (report.Match == "any") return ApiProblems.BadRequest("A period cannot narrow a report that matches any of its filters.");
            report = report with { Filters = [.. report.Filters, new ReportFilter { Field = period.Field, Operator = "between", Values = [period.From, period.To] }] };
        }
        return await RunCoreAsync(report, user, zone, service, labels, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(string id, ICurrentUser current, ReportCatalog catalog, ISavedReportStore store, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        if (await catalog.FindAsync(id, user, ApiRequest.Locale, cancellationToken) is not { } entry) return NotFound(id);
        if (!catalog.CanChange(entry, user))
            return ApiProblems.Problem(403, ErrorCodes.Forbidden, entry.FromPackage ? "A package's report cannot be deleted; copy it to change it." : "Only the report's owner deletes it.");
        await store.DeleteAsync(entry.SavedId!.Value, cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> RunCoreAsync(ReportDefinition report, ActingUser user, TimeZoneInfo zone, IReportService service,
        ReportLabels labels, CancellationToken cancellationToken)
    {
        try
        {
            var run = await service.RunAsync(report, user, zone, cancellationToken);
            if (Invalid(run.Problems) is { } invalid) return invalid;
            var rowLabels = await labels.RowsAsync(run.Result!, ApiRequest.Locale, "(none)", "true", "false", cancellationToken);
            return TypedResults.Ok(ReportResultDto.From(run.Result!, rowLabels));
        }
        catch (ReportTimeoutException e)
        {
            return ApiProblems.Problem(503, e.Code, e.Message);
        }
    }

    /// <summary>Problems as 422 with every one: <c>errors: [{ code, path, message }]</c>; the first's code is the problem's.</summary>
    internal static IResult? Invalid(IReadOnlyList<ReportProblem> problems) => problems.Count == 0
        ? null
        : ApiProblems.Problem(422, problems[0].Code, string.Join(" ", problems.Select(p => p.Message)),
            new Dictionary<string, object?> { ["errors"] = problems.Select(p => new ReportProblemDto(p.Code, p.Path, p.Message)).ToArray() });

    private static async Task<(ReportDefinition?, IResult?)> ReadDefinitionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasJsonContentType() is false) return (null, ApiProblems.Problem(415, ErrorCodes.UnsupportedMediaType, "Send the report as application/json."));
        try
        {
            var report = await JsonSerializer.DeserializeAsync<ReportDefinition>(request.Body, Strict, cancellationToken);
            return report is null ? (null, ApiProblems.BadRequest("The body is not a report definition.")) : (report, null);
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Problem(400, ErrorCodes.BadRequest, $"The body is not a report definition: {e.Message.Split('\n')[0]}",
                new Dictionary<string, object?> { ["path"] = e.Path }));
        }
    }

    /// <summary>A time zone by IANA or Windows id; UTC when none is given; null when unknown.</summary>
    internal static TimeZoneInfo? Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    private static IResult NotFound(string id) => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no report '{id}' you may see.");

    /// <summary>The optional body of a run: the time zone of date buckets and filters, and a period that narrows it.</summary>
    public sealed record RunRequest(string? TimeZone, RunPeriod? Period);

    public sealed record RunPeriod(string Field, string From, string To);
}

public sealed record ReportListDto(IReadOnlyList<ReportEntryDto> Items);

public sealed record ReportProblemDto(string Code, string Path, string Message);

public sealed record ReportEntryDto(string Id, string Title, string? OwnerId, bool FromPackage, bool CanChange, ReportDefinition Definition)
{
    public static ReportEntryDto From(ReportEntry entry, bool canChange) =>
        new(entry.Id, entry.Title, entry.OwnerId, entry.FromPackage, canChange, entry.Definition);
}

public sealed record ReportResultDto(string TimeZone, IReadOnlyList<string> Groups, IReadOnlyList<string> Measures, IReadOnlyList<ReportRowDto> Rows)
{
    public static ReportResultDto From(ReportResult result, IReadOnlyList<IReadOnlyList<string>> labels) =>
        new(result.TimeZone, result.Groups.Select(g => g.Key).ToList(), result.Measures.Select(m => m.Key).ToList(),
            result.Rows.Select((r, i) => new ReportRowDto(r.Keys, labels[i], r.Values, r.Cell)).ToList());
}

public sealed record ReportRowDto(IReadOnlyList<string?> Keys, IReadOnlyList<string> Labels, IReadOnlyList<decimal?> Values, string Cell);
