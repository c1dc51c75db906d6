using System.Text.Json;
using FunnelStudio.Versions;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// The body of a publish or rollback: <c>{ "map": { "stages": { "old": "new" }, "options": { "field": { "old": "new" } } } }</c>,
/// <c>{}</c> when nothing needs mapping. A JSON body is required, so a cross-site form cannot publish.
/// </summary>
public sealed record PublishBody(PublishMappingBody? Map)
{
    public static async Task<(PublishMapping? Mapping, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return (null, error);
        if (!body.TryGetProperty("map", out var map) || map.ValueKind == JsonValueKind.Null) return (PublishMapping.None, null);
        if (map.ValueKind != JsonValueKind.Object) return (null, Bad());
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        var options = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (map.TryGetProperty("stages", out var s) && !Strings(s, stages)) return (null, Bad());
        if (map.TryGetProperty("options", out var o) && o.ValueKind != JsonValueKind.Null)
        {
            if (o.ValueKind != JsonValueKind.Object) return (null, Bad());
            foreach (var field in o.EnumerateObject())
            {
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                if (!Strings(field.Value, values)) return (null, Bad());
                options[field.Name] = values;
            }
        }
        return (new PublishMapping(stages, options), null);
    }

    private static bool Strings(JsonElement element, Dictionary<string, string> into)
    {
        if (element.ValueKind == JsonValueKind.Null) return true;
        if (element.ValueKind != JsonValueKind.Object) return false;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String) return false;
            into[property.Name] = property.Value.GetString()!;
        }
        return true;
    }

    private static IResult Bad() => ApiProblems.BadRequest(
        "map must be { \"stages\": { \"old\": \"new\" }, \"options\": { \"field\": { \"old\": \"new\" } } } with text values.");
}

/// <summary>The <c>map</c> of a publish body (for the OpenAPI document).</summary>
public sealed record PublishMappingBody(Dictionary<string, string>? Stages, Dictionary<string, Dictionary<string, string>>? Options);
