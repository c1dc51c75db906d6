using System.ComponentModel;
using FunnelStudio.Schemas;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary><c>funnelstudio schema --out DIR</c>: writes the embedded JSON Schemas.</summary>
public sealed class SchemaCommand : Command<SchemaCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("The folder to write the schemas into (created when missing).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out DIR is required.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        try
        {
            foreach (var path in SchemaCatalog.WriteAll(settings.Out!))
                output.Console.MarkupLine($"wrote {Markup.Escape(path)}");
            return CliApp.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            output.Error.WriteLine($"funnelstudio: cannot write to '{settings.Out}': {e.Message}");
            return CliApp.Usage;
        }
    }
}
