using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/new</c>: the generated form for a new record — 403 for a user whose roles may not
/// create this object's records (the save pipeline refuses a post the same way).
/// </summary>
public sealed class NewModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, IStringLocalizer<SharedResource> text) : RecordFormModel(runtime, currentUser, records, zone, text)
{
    public override bool IsNew => true;

    public IActionResult OnGet()
    {
        if (!Access.CanCreate) return StatusCode(StatusCodes.Status403Forbidden);
        PrepareSections();
        State = FormState.Defaults(Definition, Zone);
        // A new record is the creator's until they hand it over.
        if (Definition.OwnerField is { } owner && State.Value(owner) is null) State.Values[owner] = Acting.Id;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync(SaveOperation.Create, null, cancellationToken);
}
