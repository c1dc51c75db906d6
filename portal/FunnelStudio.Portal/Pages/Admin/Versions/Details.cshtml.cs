using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Versions;
using FunnelStudio.Versions.Backtest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Admin.Versions;

/// <summary>
/// <c>/admin/versions/{id}</c>: what publishing a version would meet — diagnostics, the package's
/// tests, the semantic diff against the active version, the impact on the records, the schema steps
/// and what needs a mapping — with the mapping form and Publish for a draft, Roll back for an
/// earlier version, and the export of its files as a zip. Every action goes through
/// <see cref="IConfigPublisher"/>, the same path as the API and the command line.
/// </summary>
public sealed class DetailsModel(IConfigVersionStore store, IConfigPublisher publisher, IPackageArchive archive,
    IPackageRuntime runtime, IUserDirectory directory, ICurrentUser current, UserTimeZone zone, IBacktestService backtests) : PageModel
{
    private const string StageInput = "map.stage.";
    private const string OptionInput = "map.option.";

    public ConfigVersion Version { get; private set; } = null!;
    public PublishPlan? Plan { get; private set; }
    /// <summary>The version's own package (for the stages and options a mapping may choose).</summary>
    public PackageDefinition? Package { get; private set; }
    public PublishMapping Mapping { get; private set; } = PublishMapping.None;
    /// <summary>Why the last publish or rollback did not go through (a blocker or a conflict), or null.</summary>
    public string? Outcome { get; private set; }
    public bool JustPublished { get; private set; }
    /// <summary>The stored stage history replayed through this version beside the active one (on request: it reads every move).</summary>
    public BacktestReport? Backtest { get; private set; }
    public bool IsActive => Version.Status == ConfigVersionStatus.Published;
    private IReadOnlyList<DirectoryUser> _users = [];
    private FunnelStudio.Rules.CompiledPackage? _compiled;

    public async Task<IActionResult> OnGetAsync(long id, bool published, CancellationToken cancellationToken)
    {
        JustPublished = published;
        return await LoadAsync(id, PublishMapping.None, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPublishAsync(long id, CancellationToken cancellationToken)
    {
        var mapping = MappingFromForm();
        var admin = (await current.GetAsync(cancellationToken))!;
        var result = await publisher.PublishAsync(id, mapping, admin.Id, cancellationToken);
        if (result.Status == PublishStatus.NotFound) return NotFound();
        if (result.Status == PublishStatus.Published) return Redirect($"/admin/versions/{id}?published=true");
        Outcome = result.Message;
        await LoadAsync(id, mapping, cancellationToken);
        if (result.Plan is not null) Plan = result.Plan;
        return Page();
    }

    public async Task<IActionResult> OnPostRollbackAsync(long id, CancellationToken cancellationToken)
    {
        var mapping = MappingFromForm();
        var admin = (await current.GetAsync(cancellationToken))!;
        var result = await publisher.RollbackAsync(id, mapping, admin.Id, cancellationToken);
        if (result.Status == PublishStatus.NotFound) return NotFound();
        // Published: the new version's page; refused: the draft the roll back made, to decide there.
        if (result.Version is { } made) return Redirect($"/admin/versions/{made.Id}" + (result.Status == PublishStatus.Published ? "?published=true" : ""));
        Outcome = result.Message;
        await LoadAsync(id, mapping, cancellationToken);
        return Page();
    }

    /// <summary>
    /// <c>?handler=backtest</c> (a form post, so the mapping chosen above applies to removed stages):
    /// the plan as on GET, plus the backtest report.
    /// </summary>
    public async Task<IActionResult> OnPostBacktestAsync(long id, CancellationToken cancellationToken)
    {
        var mapping = MappingFromForm();
        if (!await LoadAsync(id, mapping, cancellationToken)) return NotFound();
        if (_compiled is not { } draft) return Page();
        Backtest = await backtests.RunAsync(runtime.Current, draft, new BacktestOptions { Mapping = mapping }, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetExportAsync(long id, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } version) return NotFound();
        using var zip = new MemoryStream();
        archive.Write(version.Files, zip);
        return File(zip.ToArray(), "application/zip", $"{version.PackageName}-{version.PackageVersion}-v{version.Id}.zip");
    }

    private async Task<bool> LoadAsync(long id, PublishMapping mapping, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } version) return false;
        Version = version;
        Mapping = mapping;
        var loaded = PackageLoader.Load(new MemoryPackageSource(version.Files, $"config version {id}"));
        Package = loaded.Definition;
        _compiled = loaded.Package;
        _users = await directory.AllAsync(cancellationToken);
        // The active version has nothing to publish; any other is planned as a publish (or roll back) would be.
        if (!IsActive) Plan = await publisher.PlanAsync(id, mapping, cancellationToken);
        return true;
    }

    /// <summary>
    /// The mapping chosen on the form: <c>map.stage.&lt;old&gt;</c> = new stage,
    /// <c>map.option.&lt;field&gt;.&lt;old&gt;</c> = new option (names never contain dots).
    /// </summary>
    private PublishMapping MappingFromForm()
    {
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (key, value) in Request.Form)
        {
            var chosen = value.ToString();
            if (string.IsNullOrEmpty(chosen)) continue;
            if (key.StartsWith(StageInput, StringComparison.Ordinal))
                stages[key[StageInput.Length..]] = chosen;
            else if (key.StartsWith(OptionInput, StringComparison.Ordinal) && key[OptionInput.Length..].Split('.') is [var field, var old])
                (options.TryGetValue(field, out var map) ? map : options[field] = new(StringComparer.Ordinal))[old] = chosen;
        }
        return new PublishMapping(stages, options.ToDictionary(o => o.Key, o => (IReadOnlyDictionary<string, string>)o.Value, StringComparer.Ordinal));
    }

    public static string StageInputName(string old) => StageInput + old;
    public static string OptionInputName(string field, string old) => $"{OptionInput}{field}.{old}";

    /// <summary>What a removed stage or option may map to in this version: the object's stages, or the field's options.</summary>
    public IReadOnlyList<(string Name, string Label)> Targets(SchemaProblem problem, string locale)
    {
        var obj = Package?.Object(problem.Object);
        if (obj is null) return [];
        if (obj.Pipeline is { } pipeline && (problem.Field is null || problem.Field == pipeline.Field))
            return pipeline.Stages.Select(s => (s.Name, s.Label.Get(locale))).ToList();
        return obj.Field(problem.Field ?? "")?.Options.Select(o => (o.Name, o.Label.Get(locale))).ToList() ?? [];
    }

    public bool IsStageProblem(SchemaProblem problem) =>
        Package?.Object(problem.Object)?.Pipeline is { } pipeline && (problem.Field is null || problem.Field == pipeline.Field);

    public string? Chosen(SchemaProblem problem) => problem.Value is null ? null
        : IsStageProblem(problem) ? Mapping.Stages.GetValueOrDefault(problem.Value)
        : Mapping.Options.GetValueOrDefault(problem.Field ?? "")?.GetValueOrDefault(problem.Value);

    public string UserName(string? id) => id is null ? "—" : _users.FirstOrDefault(u => u.Id == id)?.Name ?? id;

    public string When(DateTime? utc) => utc is { } at ? zone.ToLocal(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public long ActiveVersionId => runtime.VersionId;
}
