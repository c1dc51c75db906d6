using System.Text.Json;
using FunnelStudio.Metadata;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// A create/update body is the record's values, either as <c>{ "values": { … } }</c> (the shape the
/// API returns) or flat (<c>{ "name": …, "amount": … }</c>). Unknown keys reach the pipeline, which
/// refuses them as field errors.
/// </summary>
public static class RecordBody
{
    public static JsonElement Values(JsonElement body, ObjectDefinition obj) =>
        obj.Field("values") is null && body.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Object
        && body.EnumerateObject().Count() == 1
            ? values
            : body;
}
