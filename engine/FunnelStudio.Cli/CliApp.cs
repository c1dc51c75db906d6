using Spectre.Console;
using Spectre.Console.Cli;
using FunnelStudio.Cli.Commands;
using FunnelStudio.Cli.Publishing;
using FunnelStudio.Cli.Scripts;
using FunnelStudio.Cli.Users;

namespace FunnelStudio.Cli;

/// <summary>
/// The <c>funnelstudio</c> command line. <see cref="Run"/> takes the writers so tests can run it
/// in-process and read exactly what a user would see. Exit codes: 0 ok, 1 invalid package, failing
/// tests or a refused change, 2 usage error, 3 stage move blocked, 4 database unavailable (or, for
/// <c>script run</c>, a script that failed).
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int Invalid = 1;
    public const int Usage = 2;
    public const int Blocked = 3;
    public const int Unavailable = 4;
    /// <summary><c>script run</c>: a script threw or hit a limit (the same number as <see cref="Unavailable"/>: "could not run").</summary>
    public const int ScriptFailed = 4;

    private static readonly AsyncLocal<CliOutput?> Current = new();

    /// <summary>The writers of the running invocation.</summary>
    internal static CliOutput Output => Current.Value ?? new CliOutput(Console.Out, Console.Error, Console.In, colour: true);

    public static int Run(string[] args, TextWriter? stdout = null, TextWriter? stderr = null, TextReader? stdin = null)
    {
        var terminal = stdout is null && stdin is null && !Console.IsOutputRedirected;
        var output = new CliOutput(stdout ?? Console.Out, stderr ?? Console.Error, stdin ?? Console.In, colour: terminal,
            canPrompt: terminal && !Console.IsInputRedirected);
        Current.Value = output;
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("funnelstudio");
            config.Settings.Console = output.Err;
            config.PropagateExceptions();
            // An unknown option is a usage error (exit 2), not silently ignored: a typo like
            // --fromat json would otherwise print text and exit 0.
            config.Settings.StrictParsing = true;
            config.AddCommand<ValidateCommand>("validate")
                .WithDescription("Check one or more config packages; exit 0 when valid (warnings allowed), 1 when invalid.")
                .WithExample("validate", "sample-configs/b2b-saas", "--format", "json");
            config.AddCommand<TestCommand>("test")
                .WithDescription("Run a package's tests/*.json; prints each failure and 'N passed, N failed'.");
            config.AddCommand<ExplainCommand>("explain")
                .WithDescription("Decide a stage move for a record and list every criterion; exit 0 allowed, 3 blocked.")
                .WithExample("explain", "sample-configs/b2b-saas", "--object", "deal", "--record", "r.json", "--to", "sql");
            config.AddCommand<DiffCommand>("diff")
                .WithDescription("What changes from one package to another (folders or .zip files): objects, fields, stages, rules, roles, permissions, files; exit 0 either way.")
                .WithExample("diff", "published.zip", "sample-configs/b2b-saas", "--format", "json");
            config.AddCommand<SchemaCommand>("schema")
                .WithDescription("Write the package JSON Schemas so editors can autocomplete.");
            config.AddCommand<CodesCommand>("codes")
                .WithDescription("List every diagnostic code.");
            config.AddCommand<BacktestCommand>("backtest")
                .WithDescription("Replay a database's stage history against a package (the draft) beside its published version; exit 0 done, 1 invalid package, 4 database unavailable.")
                .WithExample("backtest", "sample-configs/b2b-saas", "--connection", "Data Source=data/funnelstudio.db", "--format", "json");
            config.AddCommand<PublishCommand>("publish")
                .WithDescription("Upload a package (folder or .zip) to a running portal as a draft, print its plan, and publish it; exit 0 published (--dry-run: could be), 1 invalid, blocked or refused, 4 portal unreachable.")
                .WithExample("publish", "sample-configs/b2b-saas", "--url", "https://funnel.example.com", "--token", "$TOKEN", "--map-stage", "mql=sql", "--dry-run");
            config.AddBranch("script", script =>
            {
                script.SetDescription("Run a package's scripts offline.");
                script.AddCommand<ScriptRunCommand>("run")
                    .WithDescription("Run the package's and its plugins' hooks of one event on a record file, offline (no database: ctx.query answers [], webhooks are listed, not sent); exit 0 ok, 1 a script refused the save, 4 a script failed (exception or limit).")
                    .WithExample("script", "run", "sample-configs/b2b-saas", "--hook", "beforeSave", "--object", "deal", "--record", "r.json", "--format", "json");
            });
            config.AddBranch("users", users =>
            {
                users.SetDescription("Manage the users of a FunnelStudio database.");
                users.AddCommand<UsersAddCommand>("add")
                    .WithDescription("Create a user with roles of the published package; exit 0 created, 1 refused, 4 database unavailable.")
                    .WithExample("users", "add", "--email", "ops@example.com", "--role", "it_admin", "--password-stdin",
                        "--connection", "Data Source=data/funnelstudio.db");
            });
        });
        try
        {
            return app.Run(args);
        }
        catch (CommandAppException e)
        {
            output.Error.WriteLine($"funnelstudio: {e.Message}");
            output.Error.WriteLine("Run 'funnelstudio --help' for usage.");
            return Usage;
        }
        finally
        {
            Current.Value = null;
        }
    }
}

/// <summary>Where a command writes: plain writers, and Spectre consoles over them for coloured output.</summary>
internal sealed class CliOutput
{
    public CliOutput(TextWriter @out, TextWriter error, TextReader @in, bool colour, bool canPrompt = false)
    {
        Out = @out;
        Error = error;
        In = @in;
        CanPrompt = canPrompt;
        Console = Create(@out, colour, interactive: false);
        Err = Create(error, colour, canPrompt);
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public TextReader In { get; }
    public IAnsiConsole Console { get; }

    /// <summary>Standard error; it also asks questions (<see cref="CanPrompt"/>), so that standard output stays the command's result.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>True on a terminal with a keyboard: a command may ask, e.g. for a password.</summary>
    public bool CanPrompt { get; }

    private static IAnsiConsole Create(TextWriter writer, bool colour, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // One diagnostic per line, never wrapped: editors and grep read these lines.
        console.Profile.Width = 4096;
        return console;
    }
}
