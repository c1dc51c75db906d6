using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// A record as the API shows it: system columns and its field values by name — every field the
/// user's roles let them see, and not a key more (a hidden field is absent, not null).
/// </summary>
public sealed record RecordDto(Guid Id, string Object, string? Stage, string? Owner, string? Title, long Version,
    DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyDictionary<string, object?> Values)
{
    public static RecordDto From(StoredRecord record, ObjectAccess access)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var field in access.VisibleFields)
        {
            if (field.IsStageField) continue;
            values[field.Name] = Json(record.Values[field.Name], field);
        }
        return new RecordDto(record.Id, record.Object, record.Stage, record.OwnerId, record.Title, record.Version,
            record.CreatedAt, record.UpdatedAt, values);
    }

    /// <summary>Dates as yyyy-MM-dd, date-times as ISO 8601 UTC; everything else as its JSON type.</summary>
    private static object? Json(object? value, FieldDefinition field) => value switch
    {
        DateTime date when field.ValueType == FieldType.Date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture),
        _ => value,
    };
}

/// <summary>One page of a list.</summary>
public sealed record RecordPageDto(IReadOnlyList<RecordDto> Items, int Total, int Page, int PageSize);
