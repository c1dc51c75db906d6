using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary><c>/o/{object}/{id}/edit</c>: the generated form for an existing record, with its version.</summary>
public sealed class EditModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, IStringLocalizer<SharedResource> text) : RecordFormModel(runtime, currentUser, records, zone, text)
{
    [FromRoute] public Guid Id { get; set; }

    public override bool IsNew => false;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var read = await Records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        Record = record;
        Version = record.Version;
        PrepareSections();
        State = FormState.FromRecord(Definition, record.Values, Zone);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var read = await Records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        Record = record;
        return await SaveAsync(SaveOperation.Update, Id, cancellationToken);
    }
}
