using FunnelStudio.Metadata;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Templates;

namespace FunnelStudio.Portal.Documents;

/// <summary>
/// Renders a record's printable document for the acting user: the page and the API share it. The
/// record is read through <see cref="IRecordService.GetAsync"/> (so the user's read access and hidden
/// fields apply exactly as on the record page), its values are shown as the record page shows them,
/// and the package's template renders it in the sandbox.
/// </summary>
public sealed class DocumentPrinter(IPackageRuntime runtime, IRecordService records, ValueDisplay display,
    UserTimeZone zone, ITemplateRenderer renderer, TimeProvider time)
{
    /// <summary>The object's documents <paramref name="user"/> may print (reading the record is checked when printing).</summary>
    public IReadOnlyList<DocumentDefinition> Available(string obj, ActingUser user) =>
        runtime.Current.Definition.Documents.Where(d => d.Object == obj && d.AllowedFor(user.Roles)).ToList();

    public async Task<DocumentPrint> PrintAsync(string obj, Guid id, string name, ActingUser user, string locale,
        CancellationToken cancellationToken)
    {
        var package = runtime.Current;
        // A document the user's roles may not use is not there for them, like an action.
        var document = Available(obj, user).FirstOrDefault(d => d.Name == name);
        if (document is null || package.Object(obj) is not { } compiled) return DocumentPrint.NoDocument;
        var read = await records.GetAsync(obj, id, user, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return new DocumentPrint(read.Status, document, null, null);

        await display.PrefetchAsync(compiled.Definition, [record], user, cancellationToken);
        var access = package.Access.For(user, compiled.Definition);
        var now = zone.ToLocal(time.GetUtcNow().UtcDateTime);
        var model = DocumentModel.For(access, record, (field, value) => display.Display(compiled.Definition, field, value).Text, locale, now);
        var result = renderer.Render(package, document.Template, model);
        return new DocumentPrint(ReadStatus.Found, document, record, result);
    }
}

/// <summary>
/// A document printed, or why not: no <see cref="Document"/> when the user has no such document;
/// else <see cref="Status"/> is the record's read (<see cref="ReadStatus.NotFound"/>,
/// <see cref="ReadStatus.Forbidden"/>), and when found <see cref="Result"/> holds the HTML or the template's error.
/// </summary>
public sealed record DocumentPrint(ReadStatus Status, DocumentDefinition? Document, StoredRecord? Record, TemplateResult? Result)
{
    public static DocumentPrint NoDocument { get; } = new(ReadStatus.NotFound, null, null, null);
}
