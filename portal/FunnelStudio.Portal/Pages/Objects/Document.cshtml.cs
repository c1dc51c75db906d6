using FunnelStudio.Metadata;
using FunnelStudio.Portal.Documents;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Templates;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/{id}/documents/{name}</c>: a record's printable document on a page of its own (print
/// CSS, a Print button, no navigation). A document the user may not use, or an unknown record, is 404;
/// a record the user may not read answers as its record page does (403). A template that fails shows
/// its error on the page (200): printing nothing is the outcome, not a fault of the portal.
/// </summary>
public sealed class DocumentModel(IPackageRuntime runtime, ICurrentUser currentUser, DocumentPrinter printer)
    : ObjectPageModel(runtime, currentUser)
{
    [FromRoute] public Guid Id { get; set; }
    [FromRoute] public string Name { get; set; } = "";

    public DocumentDefinition Document { get; private set; } = null!;
    public StoredRecord Record { get; private set; } = null!;
    public TemplateResult Result { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var print = await printer.PrintAsync(Definition.Name, Id, Name, Acting, Locale, cancellationToken);
        if (print is not { Status: ReadStatus.Found, Document: { } document, Record: { } record, Result: { } result })
            return StatusFor(print.Status);
        (Document, Record, Result) = (document, record, result);
        return Page();
    }
}
