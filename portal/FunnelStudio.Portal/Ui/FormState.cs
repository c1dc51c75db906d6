using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Http;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// What a generated form shows: the text of each input, the messages beside each field and the
/// ones that belong to no shown field. Built from a stored record (GET) or from the post (so a
/// refused save keeps everything the user typed), and turned into a <see cref="SaveCommand"/>'s
/// <c>FormValues</c>.
/// </summary>
public sealed class FormState
{
    /// <summary>Inputs are named <c>f.{field}</c>, so field names never collide with the page's own names.</summary>
    public const string Prefix = "f.";

    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);
    public List<SummaryItem> Summary { get; } = [];
    /// <summary>After a conflict: the values someone else saved, per field that differs from the input.</summary>
    public Dictionary<string, string> Theirs { get; } = new(StringComparer.Ordinal);

    public string? Value(string field) => Values.GetValueOrDefault(field);
    public IReadOnlyList<string> ErrorsOf(string field) => Errors.TryGetValue(field, out var list) ? list : [];
    public bool HasErrors => Errors.Count > 0 || Summary.Count > 0;

    public static FormState FromRecord(ObjectDefinition obj, RecordValues values, UserTimeZone zone)
    {
        var state = new FormState();
        foreach (var field in obj.Fields) state.Values[field.Name] = InputText(field, values[field.Name], zone);
        return state;
    }

    /// <summary>The inputs of a new record: the fields' defaults.</summary>
    public static FormState Defaults(ObjectDefinition obj, UserTimeZone zone)
    {
        var state = new FormState();
        foreach (var field in obj.Fields) state.Values[field.Name] = InputText(field, field.Default, zone);
        return state;
    }

    /// <summary>
    /// Reads every posted <c>f.*</c> input. Unknown names are kept too: the engine refuses them
    /// with a field error instead of the portal silently dropping them.
    /// </summary>
    public static (FormState State, Dictionary<string, string?> FormValues) FromPost(ObjectDefinition obj, IFormCollection form, UserTimeZone zone)
    {
        var state = new FormState();
        var formValues = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, raw) in form)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var name = key[Prefix.Length..];
            var field = obj.Field(name);
            string? text = field?.Type switch
            {
                // A hidden "false" precedes each switch, so the last value is the switch's state.
                FieldType.Boolean => raw.LastOrDefault(),
                FieldType.MultiPicklist => string.Join(",", raw.Where(v => !string.IsNullOrEmpty(v))),
                _ => raw.Count > 1 ? string.Join(",", raw.ToArray()) : raw.ToString(),
            };
            state.Values[name] = text;
            formValues[name] = field?.Type == FieldType.DateTime ? zone.LocalInputToUtc(text) : text;
        }
        return (state, formValues);
    }

    /// <summary>
    /// Puts each violation beside the field it is about when that field is on the form (for a group
    /// rule: each failed child beside its own field), and in the summary otherwise.
    /// </summary>
    public void AddViolations(ObjectDefinition obj, IEnumerable<Violation> violations, ISet<string> shownFields, string locale)
    {
        foreach (var violation in violations)
        {
            var placed = false;
            if (violation.FailedRules.Count > 0)
            {
                foreach (var (field, message) in LeafMessages(obj, violation, locale))
                    if (shownFields.Contains(field)) { Add(field, message); placed = true; }
            }
            else if (violation.Field is { } f && shownFields.Contains(f))
            {
                Add(f, violation.MessageIn(locale));
                placed = true;
            }
            if (!placed) Summary.Add(new SummaryItem(violation.MessageIn(locale), violation.Rule, violation.Field));
        }
    }

    private static IEnumerable<(string Field, string Message)> LeafMessages(ObjectDefinition obj, Violation violation, string locale)
    {
        foreach (var rule in RuleFields.AllRules(obj).Where(r => r.Field is not null && violation.FailedRules.Contains(r.Name)))
            yield return (rule.Field!, rule.Message.IsEmpty ? violation.MessageIn(locale) : rule.Message.Get(locale));
    }

    private void Add(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list)) Errors[field] = list = [];
        if (!list.Contains(message)) list.Add(message);
    }

    /// <summary>The text an input shows for a stored value.</summary>
    public static string? InputText(FieldDefinition field, object? value, UserTimeZone zone) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        DateTime dt when field.ValueType == FieldType.Date => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => zone.ToLocal(dt).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
        string[] list => string.Join(",", list),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}

/// <summary>A message that belongs to no field on the form, with the rule it comes from.</summary>
public sealed record SummaryItem(string Message, string Rule, string? Field);
