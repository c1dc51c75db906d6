using FunnelStudio.Records;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// Signing in with an email and a password — the login page and <c>POST /api/v1/identity/login</c>
/// both come here. Every refusal is the same <c>false</c>: an unknown email, a wrong password, a
/// locked or deactivated account cannot be told apart by the answer, nor by its time — the paths
/// that find no account to check still verify the password against a hash of the same cost.
/// Repeated failures lock the account (Identity's lockout, see <see cref="IdentitySetup"/>).
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, DummyPasswordHash dummy)
{
    /// <summary>Longer than any email an account can have; refused without a lookup.</summary>
    public const int MaxEmailLength = 256;

    /// <summary>
    /// Checks the password and, when it matches an active, unlocked account, signs in with
    /// <paramref name="scheme"/> (the cookie, or a bearer token written to the response).
    /// </summary>
    public async Task<bool> SignInAsync(string? email, string? password, string scheme, bool persistent)
    {
        var users = signIn.UserManager;
        email = email?.Trim();
        password ??= "";
        // A NUL or half a character cannot be in any address (and PostgreSQL cannot even take a NUL).
        var user = string.IsNullOrEmpty(email) || email.Length > MaxEmailLength || ValueLimits.HasForbiddenCharacter(email, multiline: false)
            ? null
            : await users.FindByEmailAsync(email);
        if (user is null || !user.IsActive || await users.IsLockedOutAsync(user))
        {
            // The work a real check does, for an answer that takes as long as a wrong password's.
            hasher.VerifyHashedPassword(user ?? new AppUser(), dummy.Hash, password);
            return false;
        }
        if (!(await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true)).Succeeded) return false;
        signIn.AuthenticationScheme = scheme;
        await signIn.SignInAsync(user, persistent);
        return true;
    }
}

/// <summary>A hash of a random password, made once with the configured hasher settings, for the checks that have no account.</summary>
public sealed class DummyPasswordHash(Microsoft.Extensions.Options.IOptions<PasswordHasherOptions> options)
{
    private readonly Lazy<string> _hash = new(() =>
        new PasswordHasher<AppUser>(options).HashPassword(new AppUser(), Guid.NewGuid().ToString("N")));

    public string Hash => _hash.Value;
}
