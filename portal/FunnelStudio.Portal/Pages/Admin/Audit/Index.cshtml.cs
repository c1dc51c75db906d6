using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Audit;
using FunnelStudio.Portal.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Admin.Audit;

/// <summary><c>/admin/audit</c>: the audit log, newest first, filtered by the user it is about and by action, a page at a time.</summary>
public sealed class IndexModel(IAuditLog audit, IUserDirectory directory, UserTimeZone zone, IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The id of the user the entries are about.</summary>
    [BindProperty(SupportsGet = true)] public string? Target { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public AuditPage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<DirectoryUser> Users { get; private set; } = [];
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (ActionFilter is not null && !AuditActions.All.Contains(ActionFilter)) ActionFilter = null;
        Target = string.IsNullOrWhiteSpace(Target) ? null : Target.Trim();
        Users = await directory.AllAsync(cancellationToken);
        Result = await audit.QueryAsync(new AuditQuery
        {
            TargetType = Target is null ? null : AuditActions.UserTarget,
            TargetId = Target,
            Action = ActionFilter,
            Page = PageNumber,
            PageSize = PageSize,
        }, cancellationToken);
    }

    /// <summary>A user's name for an id in the log; the actor ids of the system and the command line are shown as such.</summary>
    public string NameOf(string? id) => id switch
    {
        null => "",
        AuditActions.SystemActor => text["Admin.Audit.SystemActor"].Value,
        AuditActions.CliActor => text["Admin.Audit.CliActor"].Value,
        _ => Users.FirstOrDefault(u => u.Id == id)?.Name ?? id,
    };

    /// <summary>The name of the user with this id, or null when it is no user's id (for the details column).</summary>
    public string? UserNameOf(string id) => Users.FirstOrDefault(u => u.Id == id)?.Name;

    public string When(DateTime at) => zone.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public string Link(int page)
    {
        var query = new List<string>();
        if (Target is not null) query.Add("target=" + Uri.EscapeDataString(Target));
        if (ActionFilter is not null) query.Add("action=" + Uri.EscapeDataString(ActionFilter));
        if (page > 1) query.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/admin/audit" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }
}
