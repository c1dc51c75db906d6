using System.ComponentModel;
using FunnelStudio.Loading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary><c>funnelstudio validate &lt;package-dir&gt;...</c>: every diagnostic of every package.</summary>
public sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : FormatSettings
    {
        [CommandArgument(0, "<package-dir>")]
        [Description("One or more package folders.")]
        public string[] Packages { get; init; } = [];
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var invalid = false;
        var json = new List<object>();
        foreach (var package in settings.Packages)
        {
            var result = PackageLoader.Load(package);
            invalid |= !result.Succeeded;
            if (settings.IsJson)
            {
                json.AddRange(result.Diagnostics.Select(d => DiagnosticPrinter.ToJson(package, d)));
                continue;
            }
            DiagnosticPrinter.PrintHuman(output, package, result.Diagnostics);
            var errors = result.Diagnostics.Count(d => d.IsError);
            var warnings = result.Diagnostics.Count - errors;
            output.Console.MarkupLine(result.Succeeded
                ? $"[green]✓[/] {Markup.Escape(package)}: valid ({warnings} warning(s))"
                : $"[red]✗[/] {Markup.Escape(package)}: {errors} error(s), {warnings} warning(s)");
        }
        if (settings.IsJson) DiagnosticPrinter.WriteJson(output, json);
        return invalid ? CliApp.Invalid : CliApp.Ok;
    }
}
