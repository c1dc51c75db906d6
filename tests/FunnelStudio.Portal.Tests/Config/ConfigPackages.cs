using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

/// <summary>Packages as zips over /api/v1/config: the active version's files, changed copies, uploads.</summary>
public static class ConfigPackages
{
    public const string Url = "/api/v1/config";

    public static ByteArrayContent Zip(IReadOnlyDictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (path, text) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(path).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    public static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd());
    }

    public static async Task<long> ActiveIdAsync(HttpClient admin)
    {
        var versions = await (await admin.GetAsync($"{Url}/versions")).AssertOkAsync();
        return versions.EnumerateArray().Single(v => v.GetProperty("active").GetBoolean()).GetProperty("id").GetInt64();
    }

    public static async Task<Dictionary<string, string>> ExportAsync(HttpClient admin, long id)
    {
        var response = await admin.GetAsync($"{Url}/versions/{id}/export");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return Unzip(await response.Content.ReadAsByteArrayAsync());
    }

    public static async Task<Dictionary<string, string>> ActiveFilesAsync(HttpClient admin) => await ExportAsync(admin, await ActiveIdAsync(admin));

    /// <summary>Uploads the files as a draft (201) and returns its id.</summary>
    public static async Task<long> DraftAsync(HttpClient admin, IReadOnlyDictionary<string, string> files)
    {
        var created = await (await admin.PostAsync($"{Url}/drafts", Zip(files))).AssertOkAsync(System.Net.HttpStatusCode.Created);
        return created.GetProperty("version").GetProperty("id").GetInt64();
    }

    public static Task<HttpResponseMessage> PublishAsync(HttpClient admin, long id, object? body = null) =>
        admin.PostJsonAsync($"{Url}/versions/{id}/publish", body ?? new { });

    /// <summary>A copy of the files with one JSON file changed.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> files, string path, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(files[path])!.AsObject();
        change(json);
        return new Dictionary<string, string>(files) { [path] = json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) };
    }

    /// <summary>
    /// A copy of the files without stage <paramref name="stage"/> of <paramref name="obj"/>'s pipeline,
    /// and without the package's tests (the sample's own tests walk through every stage; such a
    /// draft is about the data, not them).
    /// </summary>
    public static Dictionary<string, string> WithoutStage(IReadOnlyDictionary<string, string> files, string obj, string stage)
    {
        var changed = With(files, $"objects/{obj}.json", o =>
        {
            var stages = o["pipeline"]!["stages"]!.AsArray();
            stages.Remove(stages.Single(s => (string?)s!["name"] == stage));
        });
        foreach (var test in changed.Keys.Where(k => k.StartsWith("tests/", StringComparison.Ordinal)).ToList()) changed.Remove(test);
        return changed;
    }

    /// <summary>The object's label in English as the metadata API shows it.</summary>
    public static async Task<string> LabelAsync(HttpClient client, string obj) =>
        (await (await client.GetAsync($"/api/v1/objects/{obj}")).AssertOkAsync()).GetProperty("label").GetString()!;
}
