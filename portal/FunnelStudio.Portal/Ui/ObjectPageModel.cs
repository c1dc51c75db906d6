using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// The base of every page under <c>/o/{object}</c>: resolves the object from the published package
/// (404 when the package has no such object) and the acting user, before any handler runs.
/// </summary>
public abstract class ObjectPageModel(IPackageRuntime runtime, ICurrentUser currentUser) : PageModel
{
    [FromRoute(Name = "object")]
    public string ObjectName { get; set; } = "";

    public CompiledObject Compiled { get; private set; } = null!;
    public ObjectDefinition Definition => Compiled.Definition;
    public PipelineDefinition? Pipeline => Definition.Pipeline;
    public ActingUser Acting { get; private set; } = null!;
    /// <summary>What the acting user may do with this object's records and fields (the package's roles).</summary>
    public ObjectAccess Access { get; private set; } = null!;
    /// <summary>True when the acting user holds an admin role of the package (admins see script locations and similar detail).</summary>
    public bool IsAdmin => runtime.Current.Access.IsAdmin(Acting);

    /// <summary>The UI language (en or zh-CN): admin-written texts are picked in it.</summary>
    public static string Locale => CultureInfo.CurrentUICulture.Name;

    public string Label(LocalizedText text) => text.Get(Locale);

    public string ObjectLabel => Label(Definition.Label);
    public string ObjectPluralLabel => Label(Definition.PluralLabel.IsEmpty ? Definition.Label : Definition.PluralLabel);

    public string StageLabel(string? stage) =>
        stage is null ? "" : Pipeline?.Find(stage) is { } s ? Label(s.Label) : stage;

    /// <summary>The pipeline's amount field (summed on the board, recorded with each move), unless it is hidden from the user.</summary>
    public FieldDefinition? AmountField => Definition.Amount is { } amount && !Access.IsHidden(amount.Name) ? amount : null;

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var compiled = runtime.Current.Object(ObjectName);
        if (compiled is null)
        {
            context.Result = NotFound();
            return;
        }
        Compiled = compiled;
        var acting = await currentUser.GetAsync(HttpContext.RequestAborted);
        if (acting is null)
        {
            context.Result = Challenge();
            return;
        }
        Acting = acting;
        Access = runtime.Current.Access.For(acting, compiled.Definition);
        if (!Access.CanReadAny && !Access.CanCreate)
        {
            // An object none of the user's roles reaches is not there for them.
            context.Result = NotFound();
            return;
        }
        await next();
    }

    /// <summary>Maps a refused read or save to the matching HTTP result (403/404).</summary>
    protected IActionResult StatusFor(ReadStatus status) =>
        status == ReadStatus.Forbidden ? StatusCode(StatusCodes.Status403Forbidden) : NotFound();
}
