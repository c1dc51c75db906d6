using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelStudio.Tracing;

namespace FunnelStudio.Storage.Tracing;

/// <summary>The <c>steps</c> column: a trace's steps as a JSON array, camel case, empty members left out.</summary>
internal static class SaveTraceJson
{
    public static string Write(IReadOnlyList<TraceStep> steps) => JsonSerializer.Serialize(steps, SaveTraceJsonContext.Default.IReadOnlyListTraceStep);

    /// <summary>The steps of a stored trace; none when the text is not such an array (written by hand, cut short).</summary>
    public static IReadOnlyList<TraceStep> Read(string json)
    {
        try { return JsonSerializer.Deserialize(json, SaveTraceJsonContext.Default.IReadOnlyListTraceStep) ?? []; }
        catch (JsonException) { return []; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<TraceStep>))]
internal sealed partial class SaveTraceJsonContext : JsonSerializerContext;
