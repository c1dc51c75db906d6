using FunnelStudio.Access;
using FunnelStudio.Saving;

namespace FunnelStudio.Templates;

/// <summary>
/// What a document's template sees: <c>record</c> (the values the user may read, by field name, plus
/// <c>id</c>, <c>stage</c>, <c>created_at</c>, <c>updated_at</c>), <c>display</c> (each of those
/// values as the record page shows it: user names, lookup titles, option labels, formatted numbers),
/// <c>fields</c> (each field's label in the page's language), <c>object</c> (<c>name</c>,
/// <c>label</c>), <c>user</c> (<c>name</c>), <c>now</c> and <c>locale</c>. Fields hidden from the
/// user are in none of them.
/// </summary>
public static class DocumentModel
{
    /// <param name="access">The user's access to the record's object (hidden fields are left out).</param>
    /// <param name="record">The record as the user may read it (<see cref="IRecordService.GetAsync"/>).</param>
    /// <param name="display">The display text of a field's value, as the record page shows it.</param>
    /// <param name="locale">The page's language, for labels.</param>
    /// <param name="now">The current time, as the user's clock shows it.</param>
    public static IReadOnlyDictionary<string, object?> For(ObjectAccess access, StoredRecord record,
        Func<Metadata.FieldDefinition, object?, string> display, string locale, DateTime now)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = record.Id.ToString(),
            ["stage"] = record.Stage,
            ["created_at"] = record.CreatedAt,
            ["updated_at"] = record.UpdatedAt,
        };
        var shown = new Dictionary<string, object?>(StringComparer.Ordinal);
        var labels = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in access.VisibleFields)
        {
            var value = record.Values[field.Name];
            values[field.Name] = value;
            shown[field.Name] = display(field, value);
            labels[field.Name] = field.Label.Get(locale);
        }
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["record"] = values,
            ["display"] = shown,
            ["fields"] = labels,
            ["object"] = new Dictionary<string, object?> { ["name"] = access.Object.Name, ["label"] = access.Object.Label.Get(locale) },
            ["user"] = new Dictionary<string, object?> { ["name"] = access.User.Name },
            ["now"] = now,
            ["locale"] = locale,
        };
    }
}
