using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages;

/// <summary>Home: the list of the first object with a pipeline the user's roles reach (the deals, in the sample package).</summary>
public sealed class IndexModel(IPackageRuntime runtime, ICurrentUser current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var package = runtime.Current;
        var user = await current.GetAsync(cancellationToken);
        var objects = user is null ? [] : package.Definition.Objects.Where(o => package.Access.For(user, o).CanReadAny).ToList();
        var first = objects.FirstOrDefault(o => o.Pipeline is not null) ?? objects.FirstOrDefault();
        return first is null ? NotFound() : Redirect("/o/" + first.Name);
    }
}
