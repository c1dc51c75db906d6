extern alias cli;
using cli::FunnelStudio.Cli;

namespace FunnelStudio.Portal.Tests.Infrastructure;

/// <summary>What one in-process run of <c>funnelstudio</c> printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the command line in-process against a test portal's database, with captured output and a given standard input.</summary>
public static class Cli
{
    public static CliRun Run(string? stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var exit = CliApp.Run(args, stdout, stderr, input);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The arguments that point a command at <paramref name="database"/>.</summary>
    public static string[] On(DatabaseProvider database) => ["--connection", database.ConnectionString, "--provider", database.Name];
}
