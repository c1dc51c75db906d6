using FunnelStudio.Diagnostics;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary><c>funnelstudio codes</c>: the diagnostic code table.</summary>
public sealed class CodesCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        foreach (var code in DiagnosticCodes.All)
            output.Console.MarkupLine($"{code.Id}  {(code.DefaultSeverity == DiagnosticSeverity.Error ? "error  " : "warning")}  {Markup.Escape(code.Title)}");
        return CliApp.Ok;
    }
}
