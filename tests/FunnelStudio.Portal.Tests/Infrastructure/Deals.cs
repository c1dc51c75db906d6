using System.Net;
using System.Text.Json;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>Creating test deals over the API.</summary>
public static class Deals
{
    public const string Url = "/api/v1/objects/deal/records";

    public static async Task<(JsonElement Record, string ETag)> CreateAsync(HttpClient client, object values)
    {
        var response = await client.PostJsonAsync(Url, new { values });
        var record = await response.AssertOkAsync(HttpStatusCode.Created);
        return (record, response.ETag());
    }

    public static string Id(this JsonElement record) => record.GetProperty("id").GetString()!;

    public static string RecordUrl(this JsonElement record) => $"{Url}/{record.Id()}";

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
}
