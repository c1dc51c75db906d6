using System.Security.Cryptography;
using FunnelStudio.Access;
using FunnelStudio.Portal.Hosting;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Demo;

/// <summary>
/// First start with an empty database: the demo users and records the package ships in
/// <c>demo/*.json</c>. Records go through <see cref="IRecordService.SaveAsync"/> like any other save
/// (source Seed, back-dated), so they pass the same rules and leave the same history.
/// </summary>
public sealed class DemoSeeder(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IUserDirectory directory,
    IPackageRuntime runtime,
    IRecordService records,
    FunnelStudio.Approvals.IApprovalService approvals,
    IOptions<FunnelStudioOptions> options,
    TimeProvider clock,
    IHostEnvironment environment,
    ILogger<DemoSeeder> logger)
{
    public async Task SeedAsync(string url, CancellationToken cancellationToken)
    {
        if (await users.Users.AnyAsync(cancellationToken)) return;
        var package = runtime.Current;
        var problems = new List<string>();
        var data = DemoData.Read(package.Definition.Demo, problems);
        foreach (var problem in problems) logger.LogWarning("Demo data not read: {Problem}", problem);
        if (data.Users.Count == 0)
        {
            logger.LogInformation("The package {Package} has no demo users (demo/*.json): nothing seeded", package.Definition.Name);
            return;
        }
        var demo = options.Value.Demo;
        var password = string.IsNullOrEmpty(demo.Password) ? GeneratePassword() : demo.Password;
        await CreateUsersAsync(data.Users, password);
        directory.Invalidate();
        var emails = string.Join(", ", data.Users.Select(u => u.Email));
        if (string.IsNullOrEmpty(demo.Password) && environment.IsDevelopment())
            // The newcomer's `dotnet run` shows it on the console, once: the next start finds users and
            // skips seeding, so the password is never printed again.
            logger.LogWarning("Demo users created ({Users}) with the generated password {Password} — sign in at {Url}", emails, password, url);
        else if (string.IsNullOrEmpty(demo.Password))
            // Outside Development logs are kept and shipped: no password is ever written to them.
            logger.LogWarning("Demo users created ({Users}) with a generated password that is shown only in Development; " +
                "set FunnelStudio:Demo:Password or reset their passwords to sign in", emails);
        else
            logger.LogInformation("Demo users created ({Users}) with the configured password — sign in at {Url}", emails, url);

        var wanted = data.Records.Take(demo.Records ?? int.MaxValue).ToList();
        if (wanted.Count == 0) return;
        var writer = new DemoRecordWriter(records, approvals, package, await ActingUsersAsync(cancellationToken),
            clock.GetUtcNow().UtcDateTime, logger, cancellationToken);
        foreach (var record in wanted) await writer.WriteAsync(record);
        logger.LogInformation("Demo data: {Records} records with {Saves} saves ({Failures} refused)", writer.Created, writer.Saves, writer.Failures);
    }

    private async Task CreateUsersAsync(IReadOnlyList<DemoUser> demoUsers, string password)
    {
        var byEmail = new Dictionary<string, AppUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var demo in demoUsers)
        {
            var user = new AppUser
            {
                UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.Name, CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            Check(await users.CreateAsync(user, password), demo.Email);
            foreach (var role in demo.Roles)
                if (await roles.RoleExistsAsync(role)) Check(await users.AddToRoleAsync(user, role), $"{demo.Email} → {role}");
                else logger.LogWarning("Demo user {Email}: the package has no role '{Role}'", demo.Email, role);
            byEmail[demo.Email] = user;
        }
        foreach (var demo in demoUsers.Where(u => u.Manager is not null))
        {
            if (!byEmail.TryGetValue(demo.Manager!, out var manager))
            {
                logger.LogWarning("Demo user {Email}: the manager {Manager} is not a demo user", demo.Email, demo.Manager);
                continue;
            }
            // Demo users come from the package's own file: a cycle there is refused like on the users page.
            var all = await directory.AllAsync(CancellationToken.None);
            if (Teams.WouldCycle(byEmail[demo.Email].Id, manager.Id, all)) continue;
            byEmail[demo.Email].ManagerId = manager.Id;
            Check(await users.UpdateAsync(byEmail[demo.Email]), demo.Email);
            directory.Invalidate();
        }
    }

    /// <summary>The demo users as the engine sees them when they save: roles and team from the directory.</summary>
    private async Task<Dictionary<string, ActingUser>> ActingUsersAsync(CancellationToken cancellationToken)
    {
        var all = await directory.AllAsync(cancellationToken);
        return all.Where(u => u.Email is not null).ToDictionary(u => u.Email!,
            u => new ActingUser(u.Id, u.Name, u.Roles) { TeamIds = Teams.ReportsOf(u.Id, all) }, StringComparer.OrdinalIgnoreCase);
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
