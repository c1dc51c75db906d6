using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.Notifications;

/// <summary>
/// The plain model a notification template is rendered with, for one recipient: <c>record</c> (the
/// values the recipient may read — hidden fields are left out, and a recipient who cannot read the
/// record at all gets none), <c>object</c> ({name, label}), <c>recipient</c> ({id, name}),
/// <c>event</c>, <c>values</c>, <c>link</c> and <c>locale</c> (the package's default). Only strings, numbers, booleans, dates, lists and
/// dictionaries: never an entity or a service.
/// </summary>
public static class NotificationModel
{
    public static IReadOnlyDictionary<string, object?> For(CompiledPackage package, ObjectDefinition? obj, StoredRecord? record,
        DirectoryUser recipient, IReadOnlyList<DirectoryUser> users, NotificationRequest request, string? link) => new Dictionary<string, object?>
    {
        ["record"] = Record(package, obj, record, recipient, users),
        ["object"] = obj is null ? null : new Dictionary<string, object?>
        {
            ["name"] = obj.Name,
            ["label"] = obj.Label.Get(package.Definition.DefaultLocale),
        },
        ["recipient"] = new Dictionary<string, object?> { ["id"] = recipient.Id, ["name"] = recipient.Name },
        ["event"] = request.Event,
        ["values"] = request.Values.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal),
        ["link"] = link,
        // Users have no language of their own yet: the package's default (b2b-saas: zh-CN) is the one its teams read.
        ["locale"] = package.Definition.DefaultLocale,
    };

    /// <summary>The record's values as <paramref name="recipient"/> reads them; empty when they cannot read it.</summary>
    public static IReadOnlyDictionary<string, object?> Record(CompiledPackage package, ObjectDefinition? obj, StoredRecord? record,
        DirectoryUser recipient, IReadOnlyList<DirectoryUser> users)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (obj is null || record is null) return values;
        var access = package.Access.For(PartyResolver.ToActingUser(recipient, users), obj);
        if (!access.CanRead(record.OwnerId)) return values;
        foreach (var field in access.VisibleFields) values[field.Name] = Plain(record.Values[field.Name]);
        return values;
    }

    /// <summary>A stored value as a template value: dates become <see cref="DateTime"/>, lists lists; anything else unknown, its text.</summary>
    public static object? Plain(object? value) => value switch
    {
        null or string or decimal or bool or DateTime => value,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified),
        DateTimeOffset at => at.UtcDateTime,
        int or long or double => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
        IEnumerable<string> items => items.Select(i => (object?)i).ToList(),
        _ => value.ToString(),
    };
}
