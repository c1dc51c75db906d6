using System.Text.Encodings.Web;
using System.Text.Json;
using FunnelStudio.Diagnostics;
using Spectre.Console;

namespace FunnelStudio.Cli;

/// <summary>Prints diagnostics as coloured lines (<c>file:path: CODE message</c>) or one JSON array.</summary>
internal static class DiagnosticPrinter
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The file as the user can open it: the package folder they named plus the file in it.</summary>
    public static string Locate(string packageDir, Diagnostic d) =>
        string.IsNullOrEmpty(d.File) ? packageDir : Path.Combine(packageDir, d.File).Replace('\\', '/');

    public static void PrintHuman(CliOutput output, string packageDir, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var colour = d.IsError ? "red" : "yellow";
            var where = Locate(packageDir, d) + (d.Line is { } line ? $":{line}:{d.Column}" : "") + ":" + d.Path;
            output.Console.MarkupLine($"{Markup.Escape(where)}: [{colour}]{d.Code}[/] {Markup.Escape(d.Message)}");
        }
    }

    public static object ToJson(string packageDir, Diagnostic d) => new
    {
        code = d.Code,
        severity = d.IsError ? "error" : "warning",
        file = Locate(packageDir, d),
        path = d.Path,
        line = d.Line,
        column = d.Column,
        message = d.Message,
    };

    public static void WriteJson(CliOutput output, object value) =>
        output.Out.WriteLine(JsonSerializer.Serialize(value, Json));
}
