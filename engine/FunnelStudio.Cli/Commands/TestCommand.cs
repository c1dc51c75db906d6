using FunnelStudio.Loading;
using FunnelStudio.Testing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary><c>funnelstudio test &lt;package-dir&gt;</c>: runs the package's own tests.</summary>
public sealed class TestCommand : Command<PackageSettings>
{
    public override int Execute(CommandContext context, PackageSettings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var load = PackageLoader.Load(settings.Package);
        if (load.Package is null)
        {
            DiagnosticPrinter.PrintHuman(output, settings.Package, load.Errors);
            output.Console.MarkupLine("[red]The package is invalid; fix it before running its tests.[/]");
            return CliApp.Invalid;
        }
        var results = PackageTestRunner.Run(load.Package);
        var passed = results.Count(r => r.Passed);
        var failed = results.Count - passed;
        if (settings.IsJson)
        {
            DiagnosticPrinter.WriteJson(output, new
            {
                passed, failed,
                results = results.Select(r => new { name = r.Name, file = r.File, passed = r.Passed, failures = r.Failures }),
            });
            return failed == 0 ? CliApp.Ok : CliApp.Invalid;
        }
        foreach (var result in results.Where(r => !r.Passed))
        {
            output.Console.MarkupLine($"[red]FAIL[/] {Markup.Escape(result.File)}: {Markup.Escape(result.Name)}");
            foreach (var failure in result.Failures)
                output.Console.MarkupLine($"     {Markup.Escape(failure)}");
        }
        output.Out.WriteLine($"{passed} passed, {failed} failed");
        return failed == 0 ? CliApp.Ok : CliApp.Invalid;
    }
}
