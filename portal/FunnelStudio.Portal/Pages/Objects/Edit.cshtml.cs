using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/{id}/edit</c>: the generated form for an existing record, with its version — 403
/// for a record the user may read but not edit (the save pipeline refuses a post of it the same way).
/// </summary>
public sealed class EditModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, IStringLocalizer<SharedResource> text, ValueDisplay display) : RecordFormModel(runtime, currentUser, records, zone, text)
{
    [FromRoute] public Guid Id { get; set; }

    public override bool IsNew => false;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var read = await Records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        if (!Access.CanEdit(record.OwnerId)) return StatusCode(StatusCodes.Status403Forbidden);
        Record = record;
        Version = record.Version;
        // Lookup inputs show the titles of what the record points to, also records the user cannot open.
        await display.PrefetchAsync(Definition, [record], Acting, cancellationToken);
        PrepareSections();
        State = FormState.FromRecord(Definition, record.Values, Zone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var read = await Records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        Record = record;
        await display.PrefetchAsync(Definition, [record], Acting, cancellationToken);
        return await SaveAsync(SaveOperation.Update, Id, cancellationToken);
    }
}
