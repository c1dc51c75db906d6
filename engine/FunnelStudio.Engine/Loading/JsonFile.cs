using System.Text.Json;
using FunnelStudio.Diagnostics;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads one package file as JSON with the loader's limits: at most 5 MB and 64 levels of nesting.
/// Malformed JSON is reported with its line and column; no exception escapes.
/// </summary>
internal static class JsonFile
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JsonDocument? Read(IPackageSource source, string relativePath, DiagnosticBag bag)
    {
        var text = ReadText(source, relativePath, bag);
        return text is null ? null : Parse(text, relativePath, bag);
    }

    public static string? ReadText(IPackageSource source, string relativePath, DiagnosticBag bag)
    {
        try
        {
            var size = source.Size(relativePath);
            if (size > MaxBytes)
            {
                bag.Report(DiagnosticCodes.FileTooLarge, relativePath, "$",
                    $"'{relativePath}' is {size:N0} bytes; package files may be at most {MaxBytes:N0} bytes.");
                return null;
            }
            return source.ReadText(relativePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Report(DiagnosticCodes.UnreadableFile, relativePath, "$", $"'{relativePath}' could not be read: {e.Message}");
            return null;
        }
    }

    public static JsonDocument? Parse(string text, string relativePath, DiagnosticBag bag)
    {
        try
        {
            return JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var tooDeep = e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase);
            var code = tooDeep ? DiagnosticCodes.NestingTooDeep : DiagnosticCodes.MalformedJson;
            var message = tooDeep
                ? $"'{relativePath}' nests deeper than {MaxDepth} levels (line {line}, column {column})."
                : $"'{relativePath}' is not valid JSON at line {line}, column {column}: {FirstSentence(e.Message)}";
            bag.Add(new Diagnostic(code.Id, code.DefaultSeverity, relativePath, "$", message, line, column));
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
        }
        return message;
    }
}
