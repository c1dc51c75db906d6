using System.Text.Json;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// Reads a request body as a JSON object, refusing anything else with a problem: a body that is not
/// JSON (415), too large (413), malformed or nested too deep (400). Requiring <c>application/json</c>
/// also keeps cookie-authenticated calls safe from cross-site form posts, which cannot send it.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(JsonElement Body, IResult? Error)> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (default, ApiProblems.Problem(415, ErrorCodes.UnsupportedMediaType, "Send the body as application/json."));
        if (request.ContentLength > MaxBytes)
            return (default, TooLarge());

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (default, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (default, ApiProblems.BadRequest("The body must be a JSON object."));
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (default, ApiProblems.BadRequest($"The body is not valid JSON: {e.Message}"));
        }
    }

    private static IResult TooLarge() =>
        ApiProblems.Problem(413, ErrorCodes.PayloadTooLarge, $"The body may have at most {MaxBytes / 1024} KiB.");
}
