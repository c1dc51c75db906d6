using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Portal.Pages.Account;

/// <summary>Who you are signed in as: your roles, your manager and the team whose records you see.</summary>
public sealed class ProfileModel(ICurrentUser current, FunnelStudioDbContext db, IPackageRuntime runtime) : PageModel
{
    public string DisplayName { get; private set; } = "";
    public string? Email { get; private set; }
    public IReadOnlyList<string> Roles { get; private set; } = [];
    public string? Manager { get; private set; }
    public IReadOnlyList<string> Team { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await current.GetAsync(cancellationToken))!;
        var me = await db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, cancellationToken);
        DisplayName = user.Name;
        Email = me.Email;
        var locale = System.Globalization.CultureInfo.CurrentUICulture.Name;
        var roleLabels = runtime.Current.Definition.Roles.ToDictionary(r => r.Name, r => r.Label.Get(locale));
        Roles = user.Roles.Select(r => roleLabels.GetValueOrDefault(r, r)).ToArray();
        if (me.ManagerId is not null)
            Manager = await db.Users.AsNoTracking().Where(u => u.Id == me.ManagerId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
        Team = await db.Users.AsNoTracking().Where(u => user.TeamIds.Contains(u.Id)).OrderBy(u => u.DisplayName).Select(u => u.DisplayName)
            .ToListAsync(cancellationToken);
    }
}
