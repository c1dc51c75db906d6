using FunnelStudio.Access;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Users;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/users</c>, for admins only (an admin role of the package; others get 403): list and
/// search, read, create, change roles, manager, display name, active flag and password, and give a
/// user's open records to someone else. Every change goes through <see cref="UserAccounts"/>, which
/// checks it in full, audits it and tells the user directory at once.
/// </summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(AccessPolicies.Admin);
        users.MapGet("", ListAsync).WithName("ListUsers").WithSummary("Search and page users (q matches name and email)")
            .Produces<UserPageDto>().ProducesProblem(400).ProducesProblem(403);
        users.MapGet("/{id}", GetAsync).WithName("GetUser").WithSummary("One user with roles and manager")
            .Produces<UserDto>().ProducesProblem(404);
        users.MapPost("", CreateAsync).WithName("CreateUser").WithSummary("Create a user with roles of the package")
            .Accepts<NewUser>("application/json").Produces<UserDto>(201).ProducesProblem(409).ProducesProblem(422);
        users.MapPatch("/{id}", ChangeAsync).WithName("ChangeUser").WithSummary("Change roles, manager, display name, active flag or password")
            .Produces<UserDto>().ProducesProblem(404).ProducesProblem(422);
        users.MapPost("/{id}/reassign", ReassignAsync).WithName("ReassignUserRecords")
            .WithSummary("Give the user's open records to another active user (body: { \"to\": id })")
            .Produces<ReassignmentDto>().ProducesProblem(404).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, UserQueries queries, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!PageNumber(query["page"], 1, 1_000_000, 1, out var page)) return ApiProblems.BadRequest("page must be a whole number from 1.");
        if (!PageNumber(query["pageSize"], 1, 200, 50, out var pageSize)) return ApiProblems.BadRequest("pageSize must be a whole number from 1 to 200.");
        var result = await queries.ListAsync(query["q"], page, pageSize, cancellationToken);
        return TypedResults.Ok(new UserPageDto(result.Items.Select(UserDto.From).ToList(), result.Total, result.Page, result.PageSize));
    }

    private static async Task<IResult> GetAsync(string id, UserQueries queries, CancellationToken cancellationToken) =>
        await queries.FindAsync(id, cancellationToken) is { } user ? TypedResults.Ok(UserDto.From(user)) : NotFound(id);

    private static async Task<IResult> CreateAsync(HttpRequest request, ICurrentUser current, UserAccounts accounts, UserQueries queries,
        CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var (user, invalid) = UserBody.ReadNew(body);
        if (invalid is not null) return invalid;
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await accounts.CreateAsync(user!, admin.Id, cancellationToken);
        if (!result.Succeeded) return Refused(result);
        var created = (await queries.FindAsync(result.UserId!, cancellationToken))!;
        return TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(created.Id)}", UserDto.From(created));
    }

    private static async Task<IResult> ChangeAsync(string id, HttpRequest request, ICurrentUser current, UserAccounts accounts,
        UserQueries queries, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var (changes, invalid) = UserBody.ReadChanges(body);
        if (invalid is not null) return invalid;
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await accounts.ChangeAsync(id, changes!, admin.Id, cancellationToken);
        if (!result.Succeeded) return Refused(result);
        return TypedResults.Ok(UserDto.From((await queries.FindAsync(id, cancellationToken))!));
    }

    private static async Task<IResult> ReassignAsync(string id, HttpRequest request, ICurrentUser current, UserQueries queries,
        OpenRecordsReassigner reassigner, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        if (!body.TryGetProperty("to", out var to) || to.ValueKind != System.Text.Json.JsonValueKind.String)
            return ApiProblems.BadRequest("The body must name the new owner: { \"to\": \"<user id>\" }.");
        if (await queries.FindAsync(id, cancellationToken) is null) return NotFound(id);
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await reassigner.ReassignAsync(id, to.GetString()!, admin, SaveSource.Api, cancellationToken);
        return result.TargetValid
            ? TypedResults.Ok(ReassignmentDto.From(result, ApiRequest.Locale))
            : ApiProblems.Problem(422, ReassignTargetInvalid, "The new owner must be another active user.");
    }

    public const string ReassignTargetInvalid = "REASSIGN_TARGET_INVALID";

    /// <summary>A refused change: 404 for an unknown user, 409 when the email is taken, else 422 — each with its code and every error.</summary>
    private static IResult Refused(UserAccountResult result)
    {
        var first = result.Errors[0];
        var status = first.Code switch
        {
            UserAccountErrors.NotFound => 404,
            UserAccountErrors.EmailTaken => 409,
            _ => 422,
        };
        return ApiProblems.Problem(status, first.Code, first.Message, new Dictionary<string, object?>
        {
            ["errors"] = result.Errors.Select(e => new UserErrorDto(e.Field, e.Code, e.Message)).ToArray(),
        });
    }

    private static IResult NotFound(string id) => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no user '{id}'.");

    private static bool PageNumber(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, null, out value) && value >= min && value <= max;
    }
}
