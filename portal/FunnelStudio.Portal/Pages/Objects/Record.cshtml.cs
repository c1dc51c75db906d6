using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Scripting.Actions;
using FunnelStudio.Stages;
using FunnelStudio.Tracing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/{id}</c>: the record with its stage path, the current stage's definition and
/// guidance, the live checklist toward the next stage, its values and its field and stage history;
/// its delete, for users who may delete it, which follows each pointing lookup's <c>onDelete</c>; the
/// package's actions the user may run, as buttons (their changes go through the save pipeline); and,
/// for admins, the trace of its last save.
/// </summary>
public sealed class RecordModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    ValueDisplay display, UserTimeZone zone, IStringLocalizer<SharedResource> text, IScriptActionService actions,
    ISaveTraceStore traces, IAuthorizationService authorization) : ObjectPageModel(runtime, currentUser)
{
    [FromRoute] public Guid Id { get; set; }

    public StoredRecord Record { get; private set; } = null!;
    public StageChecklist? Checklist { get; private set; }
    public IReadOnlyList<FieldHistoryEntry> FieldHistory { get; private set; } = [];
    public IReadOnlyList<StageHistoryEntry> StageHistory { get; private set; } = [];
    public IReadOnlyList<FormSectionView> Sections { get; private set; } = [];
    public ValueDisplay Display => display;
    public UserTimeZone Zone => zone;

    /// <summary>Why the delete just asked for was refused: what still points to the record, or what the user may not delete.</summary>
    public IReadOnlyList<string> DeleteProblems { get; private set; } = [];

    /// <summary>The object's actions the user may run: a button each.</summary>
    public IReadOnlyList<ScriptActionDefinition> Actions { get; private set; } = [];

    /// <summary>Why the action just run was refused (its script's errors, or the save's), with the action's label.</summary>
    public (string Label, IReadOnlyList<string> Problems)? ActionProblems { get; private set; }

    /// <summary>True when the user's roles let them delete this record (the delete may still be refused by what points to it).</summary>
    public bool CanDelete => Access.CanDelete(Record.OwnerId);

    public StageDefinition? CurrentStage => Pipeline?.Find(Record.Stage ?? Record.Values[Pipeline.Field] as string);
    public StageDefinition? NextStage => Pipeline?.Find(Checklist?.Target);
    public StageDefinition? LostStage => Pipeline?.Stages.FirstOrDefault(s => s.Terminal == StageTerminal.Lost);

    /// <summary>The record is within the user's edit scope: the Edit button.</summary>
    public bool CanEdit => Access.CanEdit(Record.OwnerId);

    /// <summary>The user may change the record and its stage: the move buttons (the save pipeline decides either way).</summary>
    public bool CanMove => CanEdit && Pipeline is { } pipeline && Access.CanWrite(pipeline.Field);

    /// <summary>The user holds an admin role (<see cref="AccessPolicies.Admin"/>): the last save trace panel.</summary>
    public bool ShowsTrace { get; private set; }

    /// <summary>What the record's last traced save ran and decided (admins only; null when none is kept).</summary>
    public SaveTrace? LastTrace { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var read = await records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        Record = record;
        if (Pipeline is not null && CurrentStage is { IsTerminal: false })
            Checklist = (await records.ChecklistAsync(Definition.Name, Id, null, Acting, Locale, cancellationToken)).Checklist;
        FieldHistory = await records.FieldHistoryAsync(Definition.Name, Id, Acting, cancellationToken);
        StageHistory = await records.StageHistoryAsync(Definition.Name, Id, Acting, cancellationToken);
        await display.PrefetchAsync(Definition, [record, .. HistoryRecords()], Acting, cancellationToken);
        Sections = FormSectionView.For(Access, Locale, Label(Definition.Label));
        Actions = actions.Available(Definition.Name, Acting);
        ShowsTrace = (await authorization.AuthorizeAsync(User, AccessPolicies.Admin)).Succeeded;
        if (ShowsTrace) LastTrace = await traces.LastAsync(Id, cancellationToken);
        return Page();
    }

    /// <summary>
    /// Runs an action. Done, the record shows again with a confirmation; refused, the page shows with
    /// the script's errors (and, for admins, where in the script).
    /// </summary>
    public async Task<IActionResult> OnPostActionAsync(string name, long? version, CancellationToken cancellationToken)
    {
        var result = await actions.RunAsync(Definition.Name, Id, name ?? "", Acting, version, cancellationToken);
        switch (result.Status)
        {
            case ScriptActionStatus.ActionNotFound or ScriptActionStatus.RecordNotFound: return NotFound();
            case ScriptActionStatus.RecordForbidden: return Forbid();
            case ScriptActionStatus.Done:
                var label = actions.Available(Definition.Name, Acting).FirstOrDefault(a => a.Name == name) is { } done ? Label(done.Label) : name!;
                TempData["Flash"] = text[result.Written ? "Record.ActionDone" : "Record.ActionNoChange", label].Value;
                return Redirect($"/o/{Definition.Name}/{Id}");
        }
        var page = await OnGetAsync(cancellationToken);
        if (page is not PageResult) return page;
        var action = Actions.First(a => a.Name == name);
        var admin = IsAdmin;
        ActionProblems = (Label(action.Label), result.Violations
            .Select(v => admin && v.ScriptLocation is { } at ? $"{v.MessageIn(Locale)} ({at})" : v.MessageIn(Locale))
            .DefaultIfEmpty(text[result.Save?.Status == SaveStatus.Locked ? "Form.Locked" : "Record.ActionConflict"].Value).ToList());
        Response.StatusCode = result.Save?.Status switch
        {
            SaveStatus.Forbidden => StatusCodes.Status403Forbidden,
            SaveStatus.Conflict or SaveStatus.Locked => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return page;
    }

    /// <summary>
    /// Deletes the record. Refused, the page shows again with every reason (the records that still
    /// point to it, per object); done, the list shows with a confirmation.
    /// </summary>
    public async Task<IActionResult> OnPostDeleteAsync(long? version, CancellationToken cancellationToken)
    {
        var read = await records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        var result = await records.SaveAsync(new SaveCommand(Definition.Name, SaveOperation.Delete, Acting)
        {
            RecordId = Id,
            ExpectedVersion = version,
            Source = SaveSource.Form,
        }, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Flash"] = text["Record.Deleted", ObjectLabel, ValueDisplay.RecordTitle(record)].Value;
            return Redirect($"/o/{Definition.Name}");
        }
        if (result.Status == SaveStatus.NotFound) return NotFound();
        var page = await OnGetAsync(cancellationToken);
        if (page is not PageResult) return page;
        DeleteProblems = result.Violations.Select(v => v.MessageIn(Locale))
            .DefaultIfEmpty(result.Status == SaveStatus.Locked ? text["Form.Locked"].Value : "").Where(m => m.Length > 0).ToList();
        Response.StatusCode = result.Status switch
        {
            SaveStatus.Forbidden => StatusCodes.Status403Forbidden,
            SaveStatus.Referenced or SaveStatus.Conflict or SaveStatus.Locked => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        };
        return page;
    }

    /// <summary>The history's old and new values as records, so their lookup titles are fetched too.</summary>
    private IEnumerable<StoredRecord> HistoryRecords() =>
        FieldHistory.SelectMany(h => new[] { h.OldValue, h.NewValue }.Select(v => HistoryValue(h.Field, v)))
            .Where(v => v.Field?.Type == FieldType.Lookup && v.Value is not null)
            .Select(v => new StoredRecord(Guid.Empty, Definition.Name, new RecordValues(new Dictionary<string, object?> { [v.Field!.Name] = v.Value })));

    public FieldDisplay Value(FieldDefinition field) =>
        display.Display(Definition, field, field.IsStageField ? Record.Stage ?? Record.Values[field.Name] : Record.Values[field.Name]);

    /// <summary>A field history value (JSON text) as display text; the raw text when it no longer fits the field.</summary>
    public FieldDisplay HistoryDisplay(string fieldName, string? json)
    {
        var (field, value) = HistoryValue(fieldName, json);
        if (json is null) return FieldDisplay.Empty;
        if (field is null) return new FieldDisplay(json);
        if (field.IsStageField && value is string stage) return new FieldDisplay(StageLabel(stage));
        return display.Display(Definition, field, value);
    }

    private (FieldDefinition? Field, object? Value) HistoryValue(string fieldName, string? json)
    {
        var field = Definition.Field(fieldName);
        if (field is null || json is null) return (field, null);
        try
        {
            using var doc = JsonDocument.Parse(json);
            var (value, error) = ValueBinder.BindStored(field, doc.RootElement);
            return (field, error is null ? value : json);
        }
        catch (JsonException)
        {
            return (field, json);
        }
    }

    public string FieldLabel(string name) => Definition.Field(name) is { } f ? Label(f.Label) : name;

    public string When(DateTime utc) => zone.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A duration as days and hours (the time a record spent in a stage).</summary>
    public static (int Days, int Hours) Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return ((int)span.TotalDays, span.Hours);
    }
}
