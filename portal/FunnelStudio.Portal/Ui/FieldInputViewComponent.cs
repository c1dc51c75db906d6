using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Renders the input for one field by its type (<c>&lt;vc:field-input model="…"/&gt;</c>), with its label,
/// required mark, help text and messages. User fields list the users; a lookup lists the target's
/// records when there are few, and otherwise searches them as you type.
/// </summary>
public sealed class FieldInputViewComponent(IRecordService records, IUserDirectory users, ValueDisplay display,
    IOptions<UiOptions> options) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(FieldInputModel model)
    {
        var field = model.Field;
        var locale = CultureInfo.CurrentUICulture.Name;
        var ct = HttpContext.RequestAborted;
        IReadOnlyList<UserOption> userOptions = field.ValueType == FieldType.User ? await users.ActiveAsync(ct) : [];
        // The owner can only be handed to users whose records the acting user may edit (a manager's team).
        if (field.Name == model.Object.OwnerField && !model.IsReadOnly && records.Access(model.Object.Name, model.User) is { } access
            && ObjectAccess.Owners(model.User, access.Permission.Edit) is { } owners)
            userOptions = userOptions.Where(u => owners.Contains(u.Id) || u.Id == model.Value).ToList();
        IReadOnlyList<LookupChoice>? choices = null;
        string? lookupTitle = null;
        if (field.Type == FieldType.Lookup && field.Target is { } target && !model.IsReadOnly)
        {
            var limit = options.Value.LookupSelectLimit;
            var page = await records.QueryAsync(new RecordQuery(target) { Sort = "title", Descending = false, PageSize = Math.Max(1, limit) },
                model.User, ct);
            if (page.Total <= limit)
                choices = page.Items.Select(r => new LookupChoice(r.Id.ToString(), ValueDisplay.RecordTitle(r))).ToList();
            if (model.Value is { Length: > 0 } id)
                lookupTitle = choices?.FirstOrDefault(c => c.Id == id)?.Title ?? await display.TitleAsync(target, id, model.User, ct) ?? id;
        }
        string? readOnlyText = null;
        if (model.IsReadOnly)
        {
            if (field.Type == FieldType.Lookup && field.Target is { } t && model.Value is { Length: > 0 } lid)
                readOnlyText = await display.TitleAsync(t, lid, model.User, ct) ?? lid;
            else if (field.ValueType == FieldType.User && model.Value is { Length: > 0 } uid)
                readOnlyText = userOptions.FirstOrDefault(u => u.Id == uid)?.Name ?? uid;
            else readOnlyText = ReadOnlyText(field, model.Value);
        }
        return View(new FieldInputView(model, field.Label.Get(locale), field.Help.Get(locale), userOptions, choices, lookupTitle, readOnlyText));
    }

    /// <summary>Shows a read-only value the way lists do, parsing the input text back by type.</summary>
    private string ReadOnlyText(FieldDefinition field, string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        object? value = field.ValueType switch
        {
            FieldType.Number or FieldType.Currency or FieldType.Percent =>
                decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : text,
            FieldType.Boolean => text == "true",
            FieldType.MultiPicklist => text.Split(','),
            _ => text,
        };
        return value is string s && field.ValueType is FieldType.Date or FieldType.DateTime ? s.Replace('T', ' ') : display.Text(field, value);
    }
}
