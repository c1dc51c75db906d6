using System.ComponentModel;
using FunnelStudio.Loading;
using FunnelStudio.Versions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary>
/// <c>funnelstudio diff &lt;a&gt; &lt;b&gt;</c>: what changes from package <c>a</c> to package <c>b</c>
/// (folders or .zip files), as a semantic diff — objects, fields, stages, rules, roles, permissions,
/// files. Exit 0 whether or not they differ; 1 when either does not load.
/// </summary>
public sealed class DiffCommand : Command<DiffCommand.Settings>
{
    public sealed class Settings : FormatSettings
    {
        [CommandArgument(0, "<before>")]
        [Description("The earlier package: a folder holding package.json, or a .zip of one.")]
        public string Before { get; init; } = "";

        [CommandArgument(1, "<after>")]
        [Description("The later package: a folder or a .zip.")]
        public string After { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var before = Load(settings.Before);
        var after = Load(settings.After);
        if (!before.Succeeded || !after.Succeeded)
        {
            ReportFailure(output, settings, (settings.Before, before), (settings.After, after));
            return CliApp.Invalid;
        }
        // Warnings (an ignored zip entry, an unknown key) do not stop a diff, but the user should see them.
        foreach (var (name, load) in new[] { (settings.Before, before), (settings.After, after) })
            foreach (var warning in load.Diagnostics)
                output.Error.WriteLine($"{DiagnosticPrinter.Locate(name, warning)}:{warning.Path}: {warning.Code} {warning.Message}");

        var changes = PackageDiff.Compare(before.Package!.Definition, after.Package!.Definition);
        if (settings.IsJson) DiffPrinter.WriteJson(output, changes);
        else DiffPrinter.WriteText(output, changes);
        return CliApp.Ok;
    }

    /// <summary>A .zip file is read as an archive; anything else as a package folder.</summary>
    private static LoadResult Load(string path) =>
        path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(path)
            ? ZipPackageLoader.Load(path)
            : PackageLoader.Load(path);

    private static void ReportFailure(CliOutput output, Settings settings, params (string Name, LoadResult Load)[] loads)
    {
        if (settings.IsJson)
        {
            DiagnosticPrinter.WriteJson(output, new
            {
                errors = loads.SelectMany(l => l.Load.Errors.Select(d => DiagnosticPrinter.ToJson(l.Name, d))),
            });
            return;
        }
        foreach (var (name, load) in loads.Where(l => !l.Load.Succeeded))
        {
            DiagnosticPrinter.PrintHuman(output, name, load.Errors);
            output.Console.MarkupLine($"[red]✗[/] {Markup.Escape(name)} does not load; nothing to compare.");
        }
    }
}
