using System.Security.Cryptography;
using FunnelStudio.Portal.Hosting;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// First start with an empty database: the package's roles, the demo team and demo accounts,
/// contacts and deals. Records go through <see cref="IRecordService.SaveAsync"/> like any other
/// save (source Seed, back-dated), so they pass the same rules and leave the same history.
/// </summary>
public sealed class DemoSeeder(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    FunnelStudio.Access.IUserDirectory directory,
    IPackageRuntime runtime,
    IRecordService records,
    IOptions<FunnelStudioOptions> options,
    TimeProvider clock,
    IHostEnvironment environment,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(string url, CancellationToken cancellationToken)
    {
        if (await users.Users.AnyAsync(cancellationToken)) return;
        var demo = options.Value.Demo;

        var password = string.IsNullOrEmpty(demo.Password) ? GeneratePassword() : demo.Password;
        var team = await CreateUsersAsync(password);
        directory.Invalidate();
        if (string.IsNullOrEmpty(demo.Password) && environment.IsDevelopment())
            // The newcomer's `dotnet run` shows it on the console, once: the next start finds users and
            // skips seeding, so the password is never printed again.
            logger.LogWarning("Demo users created ({Users}) with the generated password {Password} — sign in at {Url}",
                string.Join(", ", DemoUsers.All.Select(u => u.Email)), password, url);
        else if (string.IsNullOrEmpty(demo.Password))
            // Outside Development logs are kept and shipped: no password is ever written to them.
            logger.LogWarning("Demo users created ({Users}) with a generated password that is shown only in Development; " +
                "set FunnelStudio:Demo:Password or reset their passwords to sign in", string.Join(", ", DemoUsers.All.Select(u => u.Email)));
        else
            logger.LogInformation("Demo users created ({Users}) with the configured password — sign in at {Url}",
                string.Join(", ", DemoUsers.All.Select(u => u.Email)), url);

        if (runtime.Current.Object("deal") is null || demo.Deals == 0) return;
        var writer = new DemoRecordWriter(records, runtime.Current, logger, cancellationToken);
        var created = await new DemoDeals(writer, team, clock.GetUtcNow().UtcDateTime).CreateAsync(demo.Deals);
        logger.LogInformation("Demo data: {Deals} deals with {Saves} saves ({Failures} refused)", created, writer.Saves, writer.Failures);
    }

    private async Task<DemoTeam> CreateUsersAsync(string password)
    {
        var byEmail = new Dictionary<string, AppUser>();
        foreach (var (email, name, role, _) in DemoUsers.All)
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = clock.GetUtcNow().UtcDateTime };
            Check(await users.CreateAsync(user, password), email);
            if (await roles.RoleExistsAsync(role)) Check(await users.AddToRoleAsync(user, role), $"{email} → {role}");
            byEmail[email] = user;
        }
        var manager = byEmail[DemoUsers.Manager];
        foreach (var (email, _, _, reportsToManager) in DemoUsers.All.Where(u => u.ReportsToManager))
        {
            byEmail[email].ManagerId = manager.Id;
            Check(await users.UpdateAsync(byEmail[email]), email);
        }
        ActingUser Acting(string email, string role, IReadOnlyList<string>? teamIds = null) =>
            new(byEmail[email].Id, byEmail[email].DisplayName, [role]) { TeamIds = teamIds ?? [] };
        return new DemoTeam(
            Acting(DemoUsers.Manager, "manager", [byEmail[DemoUsers.Rep].Id, byEmail[DemoUsers.Rep2].Id]),
            Acting(DemoUsers.Rep, "rep"),
            Acting(DemoUsers.Rep2, "rep"),
            Acting(DemoUsers.Finance, "finance"));
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Seeding {what} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }

    /// <summary>20 random characters with every class Identity's password policy asks for.</summary>
    private static string GeneratePassword()
    {
        const string lower = "abcdefghjkmnpqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "-_!@#%+=";
        const string all = lower + upper + digits + symbols;
        var chars = new char[20];
        chars[0] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[1] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}

/// <summary>The demo team as the engine sees them.</summary>
public sealed record DemoTeam(ActingUser Manager, ActingUser Rep, ActingUser Rep2, ActingUser Finance);
