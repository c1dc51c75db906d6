using System.Text.Json;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/{id}/move</c>: the one stage-move handler of the portal, used by a board drop, the
/// record page's buttons and the move dialog. It runs one <see cref="SaveOperation.MoveStage"/> save
/// (with the dialog's field values, if any). For htmx it answers with the updated board pieces, or
/// with the dialog listing every unmet criterion; without JavaScript it renders the dialog as a page.
/// A record the user may not move (beyond their edit scope, or a stage they may only read) is 403
/// without JavaScript and a dialog saying so with htmx; the dialog offers inputs only for fields the
/// user may write, and a post naming any other field is refused (FIELD_FORBIDDEN) with nothing written.
/// </summary>
public sealed class MoveModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    UserTimeZone zone, ValueDisplay display, IStringLocalizer<SharedResource> text) : ObjectPageModel(runtime, currentUser)
{
    public const string DialogTarget = "#fs-move-dialog";

    [FromRoute] public Guid Id { get; set; }

    public MoveDialogModel? Dialog { get; private set; }
    public BoardMovedModel? Moved { get; private set; }

    private bool IsHtmx => Request.Headers["HX-Request"] == "true";

    /// <summary>A dry run (no JavaScript, or a link): what moving to <paramref name="to"/> still needs.</summary>
    public async Task<IActionResult> OnGetAsync(string? to, string? source, CancellationToken cancellationToken)
    {
        var read = await records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        if (!CanMove(record)) return StatusCode(StatusCodes.Status403Forbidden);
        var checklist = await records.ChecklistAsync(Definition.Name, Id, to, Acting, Locale, cancellationToken);
        if (checklist.Checklist is not { Target: { } targetName } list || Pipeline?.Find(targetName) is not { } target) return NotFound();
        var unmet = MoveDialogModel.FromChecklist(Definition, list, Locale);
        Dialog = new MoveDialogModel
        {
            Object = Definition, Record = record, Target = target, User = Acting, Access = Access, Source = Source(source),
            State = FormState.FromRecord(Definition, record.Values, zone), Version = record.Version, Unmet = unmet,
            Fields = MoveDialogModel.FieldsFor(Access, list.Items.Where(i => !i.Passed).SelectMany(i => RuleFields.Of(Definition, i))),
        };
        return IsHtmx ? DialogPartial(blocked: false) : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var to = Request.Form["to"].ToString();
        var source = Source(Request.Form["source"]);
        var read = await records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return StatusFor(read.Status);
        if (Pipeline?.Find(to) is not { } target) return BadRequest();

        var (posted, formValues) = FormState.FromPost(Definition, Request.Form, zone);
        long? version = long.TryParse(Request.Form["_version"], out var v) ? v : null;
        var result = await records.SaveAsync(new SaveCommand(Definition.Name, SaveOperation.MoveStage, Acting)
        {
            RecordId = Id,
            ToStage = to,
            FormValues = formValues.Count > 0 ? formValues : null,
            ExpectedVersion = version,
            Source = source == "board" ? SaveSource.Board : SaveSource.Form,
        }, cancellationToken);

        if (result is { Status: SaveStatus.Saved, Record: { } saved })
            return await MovedAsync(saved, target, source, cancellationToken);

        // Refused: nothing was written. Show the record as stored, overlaid with what was typed.
        var state = FormState.FromRecord(Definition, record.Values, zone);
        foreach (var (name, value) in posted.Values) state.Values[name] = value;
        string? problem = null;
        IReadOnlyList<UnmetItem> unmet;
        IEnumerable<string> fieldNames = posted.Values.Keys;
        switch (result.Status)
        {
            case SaveStatus.Conflict:
                // Someone saved first: re-check against their version and let the user retry from it.
                var fresh = await records.GetAsync(Definition.Name, Id, Acting, cancellationToken);
                if (fresh.Record is { } current) { record = current; version = current.Version; }
                problem = text["Move.Conflict"];
                var check = await records.ChecklistAsync(Definition.Name, Id, to, Acting, Locale, cancellationToken);
                var items = check.Checklist?.Items.Where(i => !i.Passed).ToList() ?? [];
                unmet = check.Checklist is { } c ? MoveDialogModel.FromChecklist(Definition, c, Locale) : [];
                fieldNames = fieldNames.Concat(items.SelectMany(i => RuleFields.Of(Definition, i)));
                break;
            case SaveStatus.Locked:
                problem = result.Violations.Count > 0 ? result.Violations[0].MessageIn(Locale) : text["Form.Locked"];
                unmet = [];
                break;
            case SaveStatus.NotFound:
                if (!IsHtmx) return NotFound();
                problem = text["Move.Unavailable"];
                unmet = [];
                break;
            case SaveStatus.Forbidden when result.Violations.Any(x => x.Field is not null && x.Field != Pipeline?.Field):
                // The post named fields the user may not write (the dialog never offers them): say which.
                problem = string.Join(" ", result.Violations.Select(x => x.MessageIn(Locale)));
                unmet = [];
                break;
            case SaveStatus.Forbidden:
                if (!IsHtmx) return StatusCode(StatusCodes.Status403Forbidden);
                problem = text["Move.Forbidden"];
                unmet = [];
                break;
            default:
                unmet = MoveDialogModel.FromViolations(Definition, result.Violations, target.Name, Locale);
                fieldNames = fieldNames.Concat(result.Violations.SelectMany(x => RuleFields.Of(Definition, x)));
                break;
        }
        var fields = MoveDialogModel.FieldsFor(Access, fieldNames);
        state.AddViolations(Definition, result.Violations.Where(x => x.Kind == ViolationKind.FieldValue),
            fields.Select(f => f.Name).ToHashSet(), Locale);
        Dialog = new MoveDialogModel
        {
            Object = Definition, Record = record, Target = target, User = Acting, Access = Access, Source = source, State = state,
            Version = version, Unmet = unmet, Fields = fields, Problem = problem,
        };
        if (!IsHtmx)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return DialogPartial(blocked: true);
    }

    private async Task<IActionResult> MovedAsync(StoredRecord saved, FunnelStudio.Metadata.StageDefinition target, string source,
        CancellationToken cancellationToken)
    {
        var message = text["Move.Done", ValueDisplay.RecordTitle(saved), Label(target.Label)].Value;
        if (!IsHtmx || source != "board")
        {
            TempData["Flash"] = message;
            if (IsHtmx)
            {
                Response.Headers["HX-Refresh"] = "true";
                return Content("", "text/html");
            }
            return Redirect(source == "board" ? $"/o/{Definition.Name}/board" : $"/o/{Definition.Name}/{saved.Id}");
        }
        var owner = Request.Form["owner"].ToString();
        var columns = await records.BoardAsync(Definition.Name, Acting, string.IsNullOrEmpty(owner) ? null : owner, 1, cancellationToken);
        await display.PrefetchAsync(Definition, [saved], Acting, cancellationToken, lookups: false);
        Moved = new BoardMovedModel(new BoardView(Access, columns, display, zone), saved);
        Response.Headers["HX-Trigger-After-Swap"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["fs-moved"] = new { id = saved.Id, to = target.Name, message },
        });
        return Partial("_BoardMoved", Moved);
    }

    private PartialViewResult DialogPartial(bool blocked)
    {
        Response.Headers["HX-Retarget"] = DialogTarget;
        Response.Headers["HX-Reswap"] = "innerHTML";
        Response.Headers["HX-Trigger-After-Swap"] = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["fs-blocked"] = new { id = Id, blocked },
        });
        return Partial("_MoveDialog", Dialog);
    }

    private static string Source(string? value) => value == "board" ? "board" : "record";

    /// <summary>The record is within the user's edit scope and the stage is theirs to write.</summary>
    private bool CanMove(StoredRecord record) => Access.CanEdit(record.OwnerId) && Pipeline is { } pipeline && Access.CanWrite(pipeline.Field);
}
