using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// Turns stored values into display text per field type, in the request's language and the user's
/// time zone. Lookup titles and user names are fetched once per request through
/// <see cref="PrefetchAsync"/> so a list page does not ask per cell.
/// </summary>
public sealed class ValueDisplay(IRecordService records, IUserDirectory users, UserTimeZone timeZone,
    IStringLocalizer<SharedResource> text, IMemoryCache cache)
{
    /// <summary>
    /// How long a lookup's title is reused across requests. A list shows up to 100 lookups; reading
    /// each record per request would cost more than the list itself. The owner is cached with the
    /// title and checked per user, so the cache never shows a title its reader may not see.
    /// </summary>
    public static readonly TimeSpan TitleCacheTime = TimeSpan.FromSeconds(30);

    private readonly Dictionary<(string Object, string Id), string?> _titles = new();
    private readonly Dictionary<string, string> _userNames = new();

    private static string Locale => CultureInfo.CurrentUICulture.Name;

    /// <summary>Loads the user names and (unless <paramref name="lookups"/> is false) the lookup titles the given records show.</summary>
    public async Task PrefetchAsync(ObjectDefinition obj, IEnumerable<StoredRecord> items, ActingUser user,
        CancellationToken cancellationToken, bool lookups = true)
    {
        var list = items.ToList();
        foreach (var u in await users.ListAsync(cancellationToken)) _userNames[u.Id] = u.Name;
        if (!lookups) return;
        foreach (var field in obj.Fields.Where(f => f.Type == FieldType.Lookup && f.Target is not null))
            foreach (var id in list.Select(r => r.Values[field.Name] as string).OfType<string>().Distinct())
                await TitleAsync(field.Target!, id, user, cancellationToken);
    }

    /// <summary>A record's title as the user may see it; null when it is missing or not theirs.</summary>
    public async Task<string?> TitleAsync(string obj, string id, ActingUser user, CancellationToken cancellationToken)
    {
        if (_titles.TryGetValue((obj, id), out var known)) return known;
        string? title = null;
        var key = ("fs:title", obj, id);
        if (cache.TryGetValue(key, out (string Title, string? Owner) hit))
            title = user.CanSeeOwner(hit.Owner) ? hit.Title : null;
        else if (Guid.TryParse(id, out var guid))
        {
            var read = await records.GetAsync(obj, guid, user, cancellationToken);
            if (read is { Status: ReadStatus.Found, Record: { } record })
            {
                title = RecordTitle(record);
                cache.Set(key, (title, record.OwnerId), TitleCacheTime);
            }
        }
        return _titles[(obj, id)] = title;
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
                var title = _titles.GetValueOrDefault((target, id));
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
