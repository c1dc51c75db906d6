using System.ComponentModel;
using System.Data.Common;
using FunnelStudio.Audit;
using FunnelStudio.Storage.Identity;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Users;

/// <summary>
/// <c>funnelstudio users add</c>: creates a user in a FunnelStudio database — the operator's way to
/// the first admin, or back in when nobody can sign in. Migrates the database when needed, takes
/// roles only from the published package, and audits the creation (actor <c>cli</c>).
/// Exit 0 created, 1 refused (unknown role, email taken, weak password …), 2 usage, 4 database unavailable or no package published.
/// </summary>
public sealed class UsersAddCommand : AsyncCommand<UsersAddCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandOption("--email <EMAIL>")]
        [Description("The email the user signs in with.")]
        public string? Email { get; init; }

        [CommandOption("--role <ROLE>")]
        [Description("A role of the published package (e.g. its admin role); repeat for several.")]
        public string[] Roles { get; init; } = [];

        [CommandOption("--name <NAME>")]
        [Description("The display name (default: the email).")]
        public string? Name { get; init; }

        [CommandOption("--password <PASSWORD>")]
        [Description("The password. Visible to other local users in the process list: prefer --password-stdin or the prompt.")]
        public string? Password { get; init; }

        [CommandOption("--password-stdin")]
        [Description("Read the password from the first line of standard input.")]
        public bool PasswordFromStdin { get; init; }

        [CommandOption("--manager <EMAIL>")]
        [Description("The email of the user's manager.")]
        public string? Manager { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Email)) return ValidationResult.Error("--email is required.");
            if (Roles.Length == 0) return ValidationResult.Error("--role is required (repeat it for several roles).");
            if (Password is not null && PasswordFromStdin) return ValidationResult.Error("Give either --password or --password-stdin, not both.");
            return base.Validate();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        if (ReadPassword(output, settings) is not { } password) return CliApp.Usage;
        try
        {
            await using var services = DatabaseServices.Build(settings);
            if (!await DatabaseServices.PrepareAsync(services, cancellationToken))
            {
                output.Error.WriteLine("funnelstudio: no config package is published in this database yet, so it defines no roles. " +
                    "Start the portal on it once (it publishes FunnelStudio:Package), then run this again.");
                return CliApp.Unavailable;
            }
            await using var scope = services.CreateAsyncScope();
            var managerId = settings.Manager is null ? null
                : (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(settings.Manager.Trim()))?.Id;
            if (settings.Manager is not null && managerId is null)
            {
                output.Error.WriteLine($"funnelstudio: {UserAccountErrors.ManagerUnknown}: there is no user with the email '{settings.Manager}'.");
                return CliApp.Invalid;
            }
            var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync(
                new NewUser(settings.Email!, settings.Name, password, settings.Roles, managerId), AuditActions.CliActor, cancellationToken);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors) output.Error.WriteLine($"funnelstudio: {error.Code}: {error.Message}");
                return CliApp.Invalid;
            }
            output.Console.MarkupLine($"[green]✓[/] created {Markup.Escape(settings.Email!.Trim())} ({Markup.Escape(result.UserId!)}) " +
                $"with the role(s) {Markup.Escape(string.Join(", ", settings.Roles))}");
            return CliApp.Ok;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException)
        {
            // A connection string that does not parse, a server that does not answer, a file that cannot be opened.
            output.Error.WriteLine($"funnelstudio: cannot use the database: {e.GetBaseException().Message}");
            return CliApp.Unavailable;
        }
    }

    /// <summary>--password, the first line of standard input, or a prompt (asked twice) on a terminal.</summary>
    private static string? ReadPassword(CliOutput output, Settings settings)
    {
        if (settings.Password is not null) return settings.Password;
        if (settings.PasswordFromStdin)
            return output.In.ReadLine() is { } line ? line.TrimEnd('\r', '\n') : Refuse("standard input is empty: no password was given.");
        if (!output.CanPrompt) return Refuse("give the password with --password-stdin or --password (there is no terminal to ask on).");
        var prompt = new TextPrompt<string>("Password:").Secret();
        var first = output.Err.Prompt(prompt);
        var again = output.Err.Prompt(new TextPrompt<string>("Repeat the password:").Secret());
        return first == again ? first : Refuse("the two passwords differ.");

        string? Refuse(string why)
        {
            output.Error.WriteLine($"funnelstudio: {why}");
            return null;
        }
    }
}
