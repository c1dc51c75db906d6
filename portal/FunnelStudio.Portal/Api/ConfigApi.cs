using System.Text.Json;
using FunnelStudio.Loading;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Testing;
using FunnelStudio.Versions;
using FunnelStudio.Versions.Backtest;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/config</c>, for admins only (403 otherwise): config versions, drafts uploaded as a
/// zip, their diff and impact, publish, rollback and export. Everything goes through
/// <see cref="IConfigPublisher"/>, the one way a live funnel changes (also at start and from the CLI).
/// </summary>
public static class ConfigApi
{
    public const string Invalid = PublishBlockers.Invalid;
    /// <summary>Only a draft can be published, or another version was published while this one was checked.</summary>
    public const string VersionConflict = "CONFIG_CONFLICT";

    public static RouteGroupBuilder MapConfigApi(this RouteGroupBuilder api)
    {
        var config = api.MapGroup("/config").WithTags("Config").RequireAuthorization(AccessPolicies.Admin);
        config.MapGet("/versions", ListAsync).WithName("ListConfigVersions").WithSummary("Every config version, newest first")
            .Produces<List<ConfigVersionDto>>().ProducesProblem(403);
        config.MapPost("/drafts", CreateDraftAsync).WithName("CreateConfigDraft")
            .WithSummary("Upload a package (a zip of package.json, objects/ …) as a draft; refused with every diagnostic when it does not load")
            .Accepts<byte[]>("application/zip").Produces<ConfigVersionDetailDto>(201).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);
        config.MapGet("/versions/{id:long}", GetAsync).WithName("GetConfigVersion").WithSummary("One version with its diagnostics and test results")
            .Produces<ConfigVersionDetailDto>().ProducesProblem(404);
        config.MapGet("/versions/{id:long}/diff", DiffAsync).WithName("DiffConfigVersion")
            .WithSummary("What the version changes against the active version (against=active, the default) or another one (against={id})")
            .Produces<ConfigDiffDto>().ProducesProblem(400).ProducesProblem(404);
        config.MapGet("/versions/{id:long}/impact", ImpactAsync).WithName("GetConfigVersionImpact")
            .WithSummary("What publishing the version would meet: checks, tests, diff, impact on the stored records, blockers")
            .Produces<PublishPlanDto>().ProducesProblem(404);
        config.MapPost("/versions/{id:long}/publish", PublishAsync).WithName("PublishConfigVersion")
            .WithSummary("Publish a draft (body: { \"map\": { \"stages\": {…}, \"options\": { \"field\": {…} } } }); refused with its blockers")
            .Accepts<PublishBody>("application/json").Produces<PublishedDto>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        config.MapPost("/versions/{id:long}/rollback", RollbackAsync).WithName("RollbackConfigVersion")
            .WithSummary("Make an earlier version active again: a new draft with its files, published through the same checks")
            .Accepts<PublishBody>("application/json").Produces<PublishedDto>().ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        config.MapGet("/versions/{id:long}/backtest", BacktestAsync).WithName("BacktestConfigVersion")
            .WithSummary("Replay the stored stage history against the version (the draft) beside the running one: moves it would block, by rule, and conversion per stage; mapStage=old:new (repeatable) maps removed stages")
            .Produces<BacktestReportJson>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(422);
        config.MapGet("/versions/{id:long}/export", ExportAsync).WithName("ExportConfigVersion")
            .WithSummary("The version's files as a zip, exactly as stored").Produces<byte[]>(200, "application/zip").ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> ListAsync(IConfigVersionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(ConfigVersionDto.From).ToList());

    private static async Task<IResult> CreateDraftAsync(HttpRequest request, ICurrentUser current, IPackageArchive archive,
        IConfigPublisher publisher, CancellationToken cancellationToken)
    {
        var (zip, error) = await ZipBody.ReadAsync(request, cancellationToken);
        if (error is not null) return error;
        var (files, problems) = archive.Read(zip!);
        if (files is null) return Refused(problems, "The upload is not a readable package zip.");
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        var draft = await publisher.CreateDraftAsync(files, admin.Id, cancellationToken);
        if (draft.Version is null) return Refused(draft.Diagnostics, "The package does not load; nothing was stored.");
        return TypedResults.Created($"/api/v1/config/versions/{draft.Version.Id}", Detail(draft.Version));
    }

    private static async Task<IResult> GetAsync(long id, IConfigVersionStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } version ? TypedResults.Ok(Detail(version)) : NotFound(id);

    private static async Task<IResult> DiffAsync(long id, string? against, IConfigPublisher publisher, IConfigVersionStore store,
        CancellationToken cancellationToken)
    {
        long? againstId = null;
        if (!string.IsNullOrEmpty(against) && against != "active")
        {
            if (!long.TryParse(against, System.Globalization.NumberStyles.None, null, out var other))
                return ApiProblems.BadRequest("against must be 'active' or a version id.");
            againstId = other;
        }
        var changes = await publisher.DiffAsync(id, againstId, cancellationToken);
        if (changes is null) return ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no config version {id}{(againstId is { } a ? $" or {a}" : "")}.");
        var compared = againstId ?? await store.PublishedIdAsync(cancellationToken);
        return TypedResults.Ok(new ConfigDiffDto(id, compared, changes.Select(ChangeDto.From).ToList()));
    }

    private static async Task<IResult> ImpactAsync(long id, IConfigPublisher publisher, CancellationToken cancellationToken) =>
        await publisher.PlanAsync(id, PublishMapping.None, cancellationToken) is { } plan ? TypedResults.Ok(PublishPlanDto.From(plan)) : NotFound(id);

    private static async Task<IResult> PublishAsync(long id, HttpRequest request, ICurrentUser current, IConfigPublisher publisher,
        CancellationToken cancellationToken)
    {
        var (mapping, error) = await PublishBody.ReadAsync(request, cancellationToken);
        if (error is not null) return error;
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        return Answer(id, await publisher.PublishAsync(id, mapping!, admin.Id, cancellationToken));
    }

    private static async Task<IResult> RollbackAsync(long id, HttpRequest request, ICurrentUser current, IConfigPublisher publisher,
        CancellationToken cancellationToken)
    {
        var (mapping, error) = await PublishBody.ReadAsync(request, cancellationToken);
        if (error is not null) return error;
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        return Answer(id, await publisher.RollbackAsync(id, mapping!, admin.Id, cancellationToken));
    }

    private static async Task<IResult> BacktestAsync(long id, [FromQuery] string[]? mapStage, IConfigVersionStore store,
        IPackageRuntime runtime, IBacktestService backtest, CancellationToken cancellationToken)
    {
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in mapStage ?? [])
        {
            var colon = pair.IndexOf(':');
            if (colon <= 0 || colon == pair.Length - 1 || pair.IndexOf(':', colon + 1) >= 0)
                return ApiProblems.BadRequest($"mapStage must be old:new (two stage names), not '{pair}'.");
            stages[pair[..colon]] = pair[(colon + 1)..];
        }
        if (await store.FindAsync(id, cancellationToken) is not { } version) return NotFound(id);
        var loaded = PackageLoader.Load(new MemoryPackageSource(version.Files, $"config version {version.Id}"));
        if (loaded.Package is null) return Refused(loaded.Diagnostics, "The version does not load.");
        // Read once: a publish meanwhile must not mix two versions' ids and rules in one answer.
        var (active, activeId) = (runtime.Current, runtime.VersionId);
        var options = new BacktestOptions { Mapping = PublishMapping.None with { Stages = stages } };
        var report = await backtest.RunAsync(active, loaded.Package, options, cancellationToken);
        return TypedResults.Ok(BacktestReportJson.From(report, activeId, ApiRequest.Locale));
    }

    private static async Task<IResult> ExportAsync(long id, IConfigVersionStore store, IPackageArchive archive, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } version) return NotFound(id);
        var zip = new MemoryStream();
        archive.Write(version.Files, zip);
        return TypedResults.File(zip.ToArray(), "application/zip", $"{version.PackageName}-{version.PackageVersion}-v{version.Id}.zip");
    }

    private static IResult Answer(long id, PublishResult result) => result.Status switch
    {
        PublishStatus.Published => TypedResults.Ok(new PublishedDto(ConfigVersionDto.From(result.Version!), PublishPlanDto.From(result.Plan!))),
        PublishStatus.NotFound => NotFound(id),
        PublishStatus.Conflict => ApiProblems.Problem(409, VersionConflict, result.Message),
        _ when result.Plan is { } plan => ApiProblems.Problem(422, plan.Blockers[0].Code, result.Message, new Dictionary<string, object?>
        {
            ["blockers"] = plan.Blockers.Select(b => new BlockerDto(b.Code, b.Message)).ToArray(),
            ["draftId"] = result.Version?.Id,
            ["plan"] = PublishPlanDto.From(plan),
        }),
        _ => ApiProblems.Problem(422, Invalid, result.Message),
    };

    private static ConfigVersionDetailDto Detail(ConfigVersion version)
    {
        var loaded = PackageLoader.Load(new MemoryPackageSource(version.Files, $"config version {version.Id}"));
        var tests = loaded.Package is { } package ? PackageTestRunner.Run(package) : [];
        return new ConfigVersionDetailDto(ConfigVersionDto.From(version), version.Files.Keys.Order(StringComparer.Ordinal).ToList(),
            loaded.Diagnostics.Select(DiagnosticDto.From).ToList(), tests.Select(TestResultDto.From).ToList());
    }

    private static IResult Refused(IReadOnlyList<FunnelStudio.Diagnostics.Diagnostic> diagnostics, string detail) =>
        ApiProblems.Problem(422, Invalid, detail, new Dictionary<string, object?>
        {
            ["diagnostics"] = diagnostics.Select(DiagnosticDto.From).ToArray(),
        });

    private static IResult NotFound(long id) => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no config version {id}.");
}
