using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Diagnostics;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Versions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Admin.Versions;

/// <summary>
/// <c>/admin/versions</c>: every config version (the active one marked) with who made it and what
/// it changed, and the upload of a package zip as a new draft — refused with every diagnostic when
/// the zip or the package is bad; nothing is stored then.
/// </summary>
[RequestSizeLimit(MaxUpload + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 1024 * 1024)]
public sealed class IndexModel(IConfigVersionStore store, IConfigPublisher publisher, IPackageArchive archive,
    IUserDirectory directory, ICurrentUser current, UserTimeZone zone) : PageModel
{
    /// <summary>The archive reader refuses more; the request limit keeps a huge body from being read at all.</summary>
    public const int MaxUpload = 20 * 1024 * 1024;

    public IReadOnlyList<ConfigVersionInfo> Versions { get; private set; } = [];
    public IReadOnlyList<Diagnostic> Problems { get; private set; } = [];
    private IReadOnlyList<DirectoryUser> _users = [];

    [BindProperty] public IFormFile? Package { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Package is null || Package.Length == 0)
        {
            ModelState.AddModelError(nameof(Package), "Admin.Versions.ChooseZip");
            await LoadAsync(cancellationToken);
            return Page();
        }
        await using var stream = Package.OpenReadStream();
        var (files, problems) = archive.Read(stream);
        if (files is null)
        {
            Problems = problems;
            await LoadAsync(cancellationToken);
            return Page();
        }
        var admin = (await current.GetAsync(cancellationToken))!;
        var draft = await publisher.CreateDraftAsync(files, admin.Id, cancellationToken);
        if (!draft.Created)
        {
            Problems = [.. problems, .. draft.Diagnostics];
            await LoadAsync(cancellationToken);
            return Page();
        }
        return Redirect($"/admin/versions/{draft.Version!.Id}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Versions = await store.ListAsync(cancellationToken);
        _users = await directory.AllAsync(cancellationToken);
    }

    public string UserName(string? id) => id is null ? "—" : _users.FirstOrDefault(u => u.Id == id)?.Name ?? id;

    public string When(DateTime? utc) => utc is { } at ? zone.ToLocal(at).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>"3 added, 1 removed, 4 changed" from the stored summary of a published version.</summary>
    public static (int Added, int Removed, int Changed)? Counts(ConfigVersionInfo version)
    {
        if (string.IsNullOrEmpty(version.DiffSummary)) return null;
        try
        {
            using var doc = JsonDocument.Parse(version.DiffSummary);
            int Count(string name) => doc.RootElement.TryGetProperty(name, out var n) && n.TryGetInt32(out var v) ? v : 0;
            return (Count("added"), Count("removed"), Count("changed"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
