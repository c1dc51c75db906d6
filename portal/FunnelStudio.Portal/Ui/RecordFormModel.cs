using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// The generated create/edit form: sections from the layout, inputs by field type, and a refused
/// save shown beside each field with everything the user typed kept.
/// </summary>
public abstract class RecordFormModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, IStringLocalizer<SharedResource> text) : ObjectPageModel(runtime, currentUser)
{
    protected IRecordService Records => records;
    protected UserTimeZone Zone => zone;
    protected IStringLocalizer<SharedResource> Text => text;

    public FormState State { get; protected set; } = new();
    public IReadOnlyList<FormSectionView> Sections { get; private set; } = [];
    /// <summary>The version the form was loaded from (posted back as <c>_version</c>).</summary>
    public long? Version { get; protected set; }
    public bool Conflict { get; protected set; }
    /// <summary>Why the store could not take the save (busy, or the database unreachable); null otherwise.</summary>
    public string? Unavailable { get; protected set; }
    /// <summary>Set when a pending approval request locks the record: nothing was written.</summary>
    public string? Locked { get; protected set; }
    public StoredRecord? Record { get; protected set; }
    public abstract bool IsNew { get; }

    public FieldInputModel Input(FieldDefinition field) => new(Definition, field, State, Acting) { Access = Access.Field(field.Name) };

    protected void PrepareSections() =>
        Sections = FormSectionView.For(Access, Locale, text["Form.Details"]);

    protected ISet<string> ShownFields() =>
        Sections.SelectMany(s => s.Fields).Where(f => !Input(f).IsReadOnly)
            .Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Runs the save; on success goes to the record page, otherwise shows the form again.</summary>
    protected async Task<IActionResult> SaveAsync(SaveOperation operation, Guid? id, CancellationToken cancellationToken)
    {
        PrepareSections();
        var (state, formValues) = FormState.FromPost(Definition, Request.Form, zone);
        State = state;
        Version = long.TryParse(Request.Form["_version"], out var v) ? v : null;
        SaveResult result;
        try
        {
            result = await records.SaveAsync(new SaveCommand(Definition.Name, operation, Acting)
            {
                RecordId = id,
                FormValues = formValues,
                ExpectedVersion = Version,
                Source = SaveSource.Form,
            }, cancellationToken);
        }
        catch (StoreUnavailableException e)
        {
            // Keep what the user typed and say what happened; an unknown outcome says so too.
            Unavailable = text[e is StoreOverloadedException ? "Form.Overloaded" : "Form.DatabaseUnavailable"].Value;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            Response.Headers.RetryAfter = ((int)Math.Ceiling(e.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Page();
        }

        switch (result.Status)
        {
            case SaveStatus.Saved:
                TempData["Flash"] = text[operation == SaveOperation.Create ? "Form.Created" : "Form.Saved", ObjectLabel].Value;
                return Redirect($"/o/{Definition.Name}/{result.Record!.Id}");
            case SaveStatus.NotFound:
                return NotFound();
            case SaveStatus.Forbidden when result.Violations.All(v => v.Field is null):
                return StatusCode(StatusCodes.Status403Forbidden);
            case SaveStatus.Locked:
                Locked = result.Violations.Count > 0 ? result.Violations[0].MessageIn(Locale) : text["Form.Locked"].Value;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            case SaveStatus.Conflict when id is { } recordId:
                await ShowConflictAsync(recordId, cancellationToken);
                break;
            default:
                State.AddViolations(Definition, result.Violations, ShownFields(), Locale);
                break;
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>
    /// Someone saved first: keep the user's input, show beside each field what they saved, and
    /// take their version so saving again is a deliberate overwrite of what the user has now seen.
    /// </summary>
    private async Task ShowConflictAsync(Guid id, CancellationToken cancellationToken)
    {
        Conflict = true;
        var read = await records.GetAsync(Definition.Name, id, Acting, cancellationToken);
        if (read.Record is not { } current) return;
        Record = current;
        Version = current.Version;
        var display = HttpContext.RequestServices.GetRequiredService<ValueDisplay>();
        await display.PrefetchAsync(Definition, [current], Acting, cancellationToken);
        foreach (var name in ShownFields())
        {
            var field = Definition.Field(name)!;
            var theirs = FormState.InputText(field, current.Values[name], zone);
            var mine = State.Value(name);
            if (Normalize(field, theirs) != Normalize(field, mine))
            {
                var shown = display.Display(Definition, field, current.Values[name]);
                State.Theirs[name] = shown.IsEmpty ? "—" : shown.Text;
            }
        }
    }

    private static string Normalize(FieldDefinition field, string? value) =>
        field.ValueType == FieldType.Boolean ? (value == "true" ? "true" : "false") : (value ?? "").Trim();
}
