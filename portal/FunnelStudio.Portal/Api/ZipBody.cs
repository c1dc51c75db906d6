namespace FunnelStudio.Portal.Api;

/// <summary>
/// Reads an <c>application/zip</c> body into memory, up to <see cref="MaxBytes"/>. Requiring the
/// type keeps cookie-authenticated uploads safe from cross-site form posts, which cannot send it.
/// </summary>
public static class ZipBody
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public static async Task<(Stream? Zip, IResult? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/zip", StringComparison.OrdinalIgnoreCase))
            return (null, ApiProblems.Problem(415, ErrorCodes.UnsupportedMediaType, "Send the package as application/zip."));
        if (request.ContentLength > MaxBytes) return (null, TooLarge());
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return (buffer, null);
    }

    private static IResult TooLarge() => ApiProblems.Problem(413, ErrorCodes.PayloadTooLarge, $"The zip may have at most {MaxBytes / (1024 * 1024)} MB.");
}
