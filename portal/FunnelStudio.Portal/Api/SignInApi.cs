using FunnelStudio.Portal.Identity;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/identity</c>: <c>POST login</c> (email and password → a bearer token and a refresh
/// token) and <c>POST refresh</c>, nothing else. Identity's other endpoints (register, confirmEmail,
/// forgotPassword, resetPassword, manage/…) are not mapped, so they do not exist: accounts are
/// created by an admin.
/// </summary>
public static class SignInApi
{
    /// <summary>The one answer to every refused sign-in, whatever the reason.</summary>
    public const string InvalidCredentials = "The email or password is not correct.";

    public static RouteGroupBuilder MapSignInApi(this RouteGroupBuilder api)
    {
        var identity = api.MapGroup("/identity").WithTags("Identity").AllowAnonymous();
        identity.MapPost("/login", LoginAsync).WithName("Login")
            .WithSummary("Sign in with email and password: a bearer token (send it as Authorization: Bearer …) and a refresh token")
            .Produces<AccessTokenResponse>().ProducesProblem(401);
        identity.MapPost("/refresh", RefreshAsync).WithName("Refresh")
            .WithSummary("A new bearer token for a refresh token that is unexpired and whose account is still active")
            .Produces<AccessTokenResponse>().ProducesProblem(401);
        return api;
    }

    private static async Task<IResult> LoginAsync(LoginRequest login, PasswordSignIn signIn) =>
        // On success the bearer handler has written the token to the response.
        await signIn.SignInAsync(login.Email, login.Password, IdentityConstants.BearerScheme, persistent: false)
            ? TypedResults.Empty
            : ApiProblems.Problem(401, ErrorCodes.Unauthorized, InvalidCredentials);

    private static async Task<IResult> RefreshAsync(RefreshRequest refresh, SignInManager<AppUser> signIn,
        IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        var ticket = string.IsNullOrEmpty(refresh.RefreshToken) ? null
            : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(refresh.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsActive: true } user)
            return ApiProblems.Problem(401, ErrorCodes.Unauthorized, "The refresh token is not valid (expired, or the account changed).");
        return TypedResults.SignIn(await signIn.CreateUserPrincipalAsync(user), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>The body of <c>POST /api/v1/identity/login</c>.</summary>
    public sealed record LoginRequest(string? Email, string? Password);

    /// <summary>The body of <c>POST /api/v1/identity/refresh</c>.</summary>
    public sealed record RefreshRequest(string? RefreshToken);
}
