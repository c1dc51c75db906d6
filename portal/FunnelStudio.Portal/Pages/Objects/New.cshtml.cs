using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary><c>/o/{object}/new</c>: the generated form for a new record.</summary>
public sealed class NewModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, IStringLocalizer<SharedResource> text) : RecordFormModel(runtime, currentUser, records, zone, text)
{
    public override bool IsNew => true;

    public IActionResult OnGet()
    {
        PrepareSections();
        State = FormState.Defaults(Definition, Zone);
        // A new record is the creator's until they hand it over.
        if (Definition.OwnerField is { } owner && State.Value(owner) is null) State.Values[owner] = Acting.Id;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        SaveAsync(SaveOperation.Create, null, cancellationToken);
}
