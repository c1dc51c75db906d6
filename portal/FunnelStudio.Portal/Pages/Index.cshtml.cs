using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages;

/// <summary>Home: the list of the first object with a pipeline (the deals, in the sample package).</summary>
public sealed class IndexModel(IPackageRuntime runtime) : PageModel
{
    public IActionResult OnGet()
    {
        var objects = runtime.Current.Definition.Objects;
        var first = objects.FirstOrDefault(o => o.Pipeline is not null) ?? objects.FirstOrDefault();
        return first is null ? NotFound() : Redirect("/o/" + first.Name);
    }
}
