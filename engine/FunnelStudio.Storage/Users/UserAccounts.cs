using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Audit;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static FunnelStudio.Storage.Users.UserAccountErrors;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// Creating and changing users — the one place the portal's admin pages, its API, the first-start
/// admin and <c>funnelstudio users add</c> go through. Each change is checked in full first (every
/// problem reported, nothing written), then written with its audit lines in one transaction, and the
/// user directory is told at once, so a deactivation or a role change takes effect on this instance
/// with the next request. Roles are the published package's; no role name is known here.
/// </summary>
public sealed class UserAccounts(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    FunnelStudioDbContext db,
    IPackageRuntime runtime,
    IUserDirectory directory,
    IAuditLog audit,
    TimeProvider clock)
{
    // One change at a time on this instance: the manager-cycle and last-admin checks read the users
    // first and must still hold when the change commits.
    private static readonly SemaphoreSlim OneChangeAtATime = new(1, 1);

    private PackageDefinition Package => runtime.Current.Definition;

    public async Task<UserAccountResult> CreateAsync(NewUser request, string actorId, CancellationToken cancellationToken)
    {
        var email = request.Email.Trim();
        var displayName = string.IsNullOrWhiteSpace(request.DisplayName) ? email : request.DisplayName.Trim();
        var roleNames = request.Roles.Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var managerId = string.IsNullOrWhiteSpace(request.ManagerId) ? null : request.ManagerId.Trim();

        await OneChangeAtATime.WaitAsync(cancellationToken);
        try
        {
            var errors = new List<UserAccountError>();
            UserAccountChecks.Email(email, errors);
            if (errors.Count == 0 && await users.FindByEmailAsync(email) is not null) errors.Add(EmailTakenError(email));
            UserAccountChecks.DisplayName(displayName, errors);
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, ManagerId = managerId,
                IsActive = true, CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            await CheckPasswordAsync(user, request.Password, errors);
            UserAccountChecks.Roles(roleNames, Package, errors);
            if (managerId is not null) UserAccountChecks.Manager(null, managerId, await FreshUsersAsync(cancellationToken), errors);
            if (errors.Count > 0) return UserAccountResult.Failed(errors);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var created = await CreateIdentityUserAsync(user, request.Password);
            if (!created.Succeeded) return UserAccountResult.Failed(Translate(created, email));
            await PackageRoles.EnsureAsync(roles, Package);
            Require(await users.AddToRolesAsync(user, roleNames), "adding the roles");
            await WriteAsync(actorId, AuditActions.UserCreated, user.Id, AuditEntry.Change(null, new
            {
                email, displayName, roles = roleNames, managerId, active = true,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            directory.Invalidate();
            return UserAccountResult.Ok(user.Id);
        }
        finally
        {
            OneChangeAtATime.Release();
        }
    }

    public async Task<UserAccountResult> ChangeAsync(string userId, UserChanges changes, string actorId, CancellationToken cancellationToken)
    {
        await OneChangeAtATime.WaitAsync(cancellationToken);
        try
        {
            if (await users.FindByIdAsync(userId) is not { } user) return UserAccountResult.NotFound(userId);
            var all = await FreshUsersAsync(cancellationToken);
            var displayName = changes.DisplayName?.Trim() is { Length: > 0 } given ? given : changes.DisplayName is null ? null : user.Email;
            var roleNames = changes.Roles?.Select(r => r.Trim()).Distinct(StringComparer.Ordinal).ToList();
            var managerId = changes.Manager is { } manager && !string.IsNullOrWhiteSpace(manager.ManagerId) ? manager.ManagerId.Trim() : null;

            var errors = new List<UserAccountError>();
            UserAccountChecks.DisplayName(displayName, errors);
            if (roleNames is not null) UserAccountChecks.Roles(roleNames, Package, errors);
            if (changes.Manager is not null && managerId is not null && managerId != user.ManagerId)
                UserAccountChecks.Manager(userId, managerId, all, errors);
            UserAccountChecks.LeavesAnAdmin(userId, PackageRolesAfter(all, userId, roleNames), changes.Active, Package, all, errors);
            if (changes.Password is not null) await CheckPasswordAsync(user, changes.Password, errors);
            if (errors.Count > 0) return UserAccountResult.Failed(errors);

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var audits = new List<(string Action, object? Before, object? After)>();
            if (displayName is not null && displayName != user.DisplayName)
            {
                audits.Add((AuditActions.UserDisplayNameChanged, user.DisplayName, displayName));
                user.DisplayName = displayName;
            }
            if (changes.Manager is not null && managerId != user.ManagerId)
            {
                audits.Add((AuditActions.UserManagerChanged, user.ManagerId, managerId));
                user.ManagerId = managerId;
            }
            if (changes.Active is { } active && active != user.IsActive)
            {
                audits.Add((active ? AuditActions.UserReactivated : AuditActions.UserDeactivated, user.IsActive, active));
                user.IsActive = active;
                // A new stamp ends refresh tokens and, at the cookie's next validation, cookies; the user
                // directory refuses the account's current cookie and bearer token before that.
                if (!active) Require(await users.UpdateSecurityStampAsync(user), "renewing the security stamp");
            }
            Require(await users.UpdateAsync(user), "updating the user");
            if (changes.Password is not null)
            {
                await SetPasswordAsync(user, changes.Password);
                // The password itself never reaches the log: the line says that it changed, and by whom.
                audits.Add((AuditActions.UserPasswordReset, null, null));
            }
            if (roleNames is not null && await ChangeRolesAsync(user, roleNames) is { } roleChange)
                audits.Add((AuditActions.UserRolesChanged, roleChange.Before, roleChange.After));
            foreach (var (action, before, after) in audits)
                await WriteAsync(actorId, action, user.Id, before is null && after is null ? new JsonObject() : AuditEntry.Change(before, after),
                    cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            directory.Invalidate();
            return UserAccountResult.Ok(user.Id);
        }
        finally
        {
            OneChangeAtATime.Release();
        }
    }

    /// <summary>True while the database holds no user at all (a first start).</summary>
    public async Task<bool> NoUsersYetAsync(CancellationToken cancellationToken) => !await users.Users.AnyAsync(cancellationToken);

    /// <summary>An admin's new password replaces the old one and lifts a lockout; the new security stamp ends refresh tokens.</summary>
    private async Task SetPasswordAsync(AppUser user, string password)
    {
        if (await users.HasPasswordAsync(user)) Require(await users.RemovePasswordAsync(user), "removing the old password");
        Require(await users.AddPasswordAsync(user, password), "setting the password");
        Require(await users.SetLockoutEndDateAsync(user, null), "lifting the lockout");
        Require(await users.ResetAccessFailedCountAsync(user), "resetting failed sign-ins");
    }

    private async Task<(IReadOnlyList<string> Before, IReadOnlyList<string> After)?> ChangeRolesAsync(AppUser user, List<string> wanted)
    {
        var packageRoles = Package.Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var held = (await users.GetRolesAsync(user)).Where(packageRoles.Contains).Order(StringComparer.Ordinal).ToList();
        var remove = held.Except(wanted).ToList();
        var add = wanted.Except(held).ToList();
        if (remove.Count == 0 && add.Count == 0) return null;
        await PackageRoles.EnsureAsync(roles, Package);
        if (remove.Count > 0) Require(await users.RemoveFromRolesAsync(user, remove), "removing roles");
        if (add.Count > 0) Require(await users.AddToRolesAsync(user, add), "adding roles");
        return (held, wanted.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The roles the user will hold: the new package roles plus the roles outside the package they keep.</summary>
    private IReadOnlyList<string>? PackageRolesAfter(IReadOnlyList<DirectoryUser> all, string userId, List<string>? roleNames)
    {
        if (roleNames is null) return null;
        var outside = all.FirstOrDefault(u => u.Id == userId)?.Roles.Where(r => Package.Roles.All(p => p.Name != r)) ?? [];
        return [.. roleNames, .. outside];
    }

    private async Task CheckPasswordAsync(AppUser user, string password, List<UserAccountError> errors)
    {
        var problems = new List<string>();
        if (password.Length > AccountRules.MaxPasswordLength) problems.Add($"Passwords may have at most {AccountRules.MaxPasswordLength} characters.");
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }
        if (string.IsNullOrEmpty(password) && problems.Count == 0) problems.Add("A password is required.");
        if (problems.Count > 0)
            errors.Add(new UserAccountError(PasswordInvalid, "password", string.Join(" ", problems), string.Join(" ", problems)));
    }

    /// <summary>Creates the Identity user; a racing create of the same email fails on the unique user name index.</summary>
    private async Task<IdentityResult> CreateIdentityUserAsync(AppUser user, string password)
    {
        try
        {
            return await users.CreateAsync(user, password);
        }
        catch (DbUpdateException)
        {
            return IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(user.Email ?? ""));
        }
    }

    private static List<UserAccountError> Translate(IdentityResult result, string email) => result.Errors.Select(e => e.Code switch
    {
        nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => EmailTakenError(email),
        nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) =>
            new UserAccountError(EmailInvalid, "email", "Enter a valid email address.", e.Description),
        _ when e.Code.StartsWith("Password", StringComparison.Ordinal) => new UserAccountError(PasswordInvalid, "password", e.Description, e.Description),
        _ => throw new InvalidOperationException($"Creating the user failed: {e.Code} {e.Description}"),
    }).DistinctBy(e => e.Code).ToList();

    private static UserAccountError EmailTakenError(string email) =>
        new(EmailTaken, "email", "Another user already signs in with this email address.", email);

    /// <summary>Every user with roles and manager as the database holds them now, not as the directory cached them.</summary>
    private async Task<IReadOnlyList<DirectoryUser>> FreshUsersAsync(CancellationToken cancellationToken)
    {
        directory.Invalidate();
        return await directory.AllAsync(cancellationToken);
    }

    private Task WriteAsync(string actorId, string action, string userId, JsonObject details, CancellationToken cancellationToken) =>
        audit.WriteAsync(AuditEntry.Of(clock.GetUtcNow().UtcDateTime, actorId, action, AuditActions.UserTarget, userId, details), cancellationToken);

    /// <summary>A step Identity refused after the checks passed is a fault, not the caller's error: the transaction rolls back.</summary>
    private static void Require(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"{what} failed: {string.Join("; ", result.Errors.Select(e => $"{e.Code} {e.Description}"))}");
    }
}
