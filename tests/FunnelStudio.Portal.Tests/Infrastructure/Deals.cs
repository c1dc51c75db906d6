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

    /// <summary>A phone number no other test uses: the sample package's dedupe-guard refuses a second record with the same one.</summary>
    public static string UniquePhone() => "010-" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
