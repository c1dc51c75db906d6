using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Access;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Turns stored values into display text per field type, in the request's language and the user's
/// time zone. Lookup titles and user names are fetched once per request through
/// <see cref="PrefetchAsync"/> so a list page does not ask per cell. A lookup shows the title of
/// the record it points to whenever the user may read the record holding the lookup, even when
/// they may not open the target (<see cref="IRecordService.LinkedTitlesAsync"/>).
/// </summary>
public sealed class ValueDisplay(IRecordService records, IUserDirectory users, UserTimeZone timeZone,
    IStringLocalizer<SharedResource> text)
{
    private readonly Dictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _userNames = new(StringComparer.Ordinal);

    private static string Locale => CultureInfo.CurrentUICulture.Name;

    /// <summary>Loads the user names and (unless <paramref name="lookups"/> is false) the lookup titles the given records show.</summary>
    public async Task PrefetchAsync(ObjectDefinition obj, IEnumerable<StoredRecord> items, ActingUser user,
        CancellationToken cancellationToken, bool lookups = true)
    {
        var list = items.ToList();
        // Every user, active or not: a deactivated owner keeps their name on the records they had.
        foreach (var u in await users.AllAsync(cancellationToken)) _userNames[u.Id] = u.Name;
        if (!lookups) return;
        foreach (var (id, title) in await records.LinkedTitlesAsync(obj.Name, list, user, cancellationToken))
            _titles[id.ToString()] = title;
    }

    /// <summary>
    /// The title of a lookup's value: prefetched for a stored record the user may read, else the
    /// target itself when the user may read it (a value just picked or typed); null otherwise.
    /// </summary>
    public async Task<string?> TitleAsync(string obj, string id, ActingUser user, CancellationToken cancellationToken)
    {
        if (_titles.TryGetValue(id, out var known)) return known;
        if (!Guid.TryParse(id, out var guid)) return null;
        var read = await records.GetAsync(obj, guid, user, cancellationToken);
        if (read is not { Status: ReadStatus.Found, Record: { } record }) return null;
        return _titles[id] = RecordTitle(record);
    }

    public string UserName(string? id) =>
        id is null ? "" : _userNames.TryGetValue(id, out var name) ? name : id;

    /// <summary>The record's title: its title column, else a short id.</summary>
    public static string RecordTitle(StoredRecord record) =>
        string.IsNullOrWhiteSpace(record.Title) ? record.Id.ToString()[..8] : record.Title;

    public FieldDisplay Display(ObjectDefinition obj, FieldDefinition field, object? value)
    {
        if (value is null || value is string s && s.Length == 0 || value is string[] { Length: 0 })
            return field.ValueType == FieldType.Boolean ? new FieldDisplay(text["Value.No"]) : FieldDisplay.Empty;
        switch (field.Type)
        {
            case FieldType.Lookup when value is string id && field.Target is { } target:
                var title = _titles.GetValueOrDefault(id);
                return title is null ? new FieldDisplay(text["Value.Unavailable"]) { Muted = true } : new FieldDisplay(title, $"/o/{target}/{id}");
            case FieldType.User when value is string userId:
                return new FieldDisplay(UserName(userId));
            case FieldType.Email when value is string email:
                return new FieldDisplay(email, "mailto:" + email, External: true);
            case FieldType.Phone when value is string phone:
                return new FieldDisplay(phone, "tel:" + new string(phone.Where(c => char.IsDigit(c) || c == '+').ToArray()), External: true);
            case FieldType.Url when value is string url:
                // Only web links become links; anything else (javascript: …) stays plain text.
                var isWeb = Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
                return new FieldDisplay(url, isWeb ? uri!.AbsoluteUri : null, External: true);
        }
        return new FieldDisplay(Text(field, value));
    }

    /// <summary>The plain display text of a value by the type its values have.</summary>
    public string Text(FieldDefinition field, object? value) => value switch
    {
        null => "",
        bool b => b ? text["Value.Yes"] : text["Value.No"],
        decimal d => Number(field, d),
        DateTime dt => field.ValueType == FieldType.Date
            ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : timeZone.ToLocal(dt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        string[] list => string.Join(Locale.StartsWith("zh", StringComparison.Ordinal) ? "、" : ", ", list.Select(o => OptionLabel(field, o))),
        string s when field.ValueType is FieldType.Picklist => OptionLabel(field, s),
        string s when field.ValueType is FieldType.User => UserName(s),
        _ => Convert.ToString(value, CultureInfo.CurrentCulture) ?? "",
    };

    public static string OptionLabel(FieldDefinition field, string name) =>
        field.Options.FirstOrDefault(o => o.Name == name)?.Label.Get(Locale) is { Length: > 0 } label ? label : name;

    public static string Number(FieldDefinition field, decimal value) => field.ValueType switch
    {
        FieldType.Currency => CurrencySymbols.For(field.Currency) + value.ToString(value == decimal.Truncate(value) ? "#,0" : "#,0.00", CultureInfo.InvariantCulture),
        FieldType.Percent => value.ToString("0.##", CultureInfo.InvariantCulture) + "%",
        _ => value.ToString(field.Precision is { } p ? "#,0." + new string('#', p) : "#,0.##", CultureInfo.InvariantCulture),
    };

    /// <summary>An amount sum as the board header shows it (¥1.2M / ¥120万 would be ambiguous: keep it exact).</summary>
    public static string Amount(FieldDefinition? amountField, decimal sum) =>
        (amountField is null ? "¥" : CurrencySymbols.For(amountField.Currency)) + sum.ToString("#,0", CultureInfo.InvariantCulture);
}
