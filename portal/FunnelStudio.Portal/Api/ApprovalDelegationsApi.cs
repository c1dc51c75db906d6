using FunnelStudio.Approvals;
using FunnelStudio.Portal.Identity;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/approvals/delegations</c>: the delegations from or to the caller (admins: everyone's),
/// adding one (the caller lets another user decide their approvals for a date range) and ending one.
/// </summary>
public static class ApprovalDelegationsApi
{
    public static RouteGroupBuilder MapApprovalDelegationsApi(this RouteGroupBuilder approvals)
    {
        var delegations = approvals.MapGroup("/delegations");
        delegations.MapGet("", ListAsync).WithName("ListApprovalDelegations")
            .WithSummary("Delegations from or to you (admins: everyone's)").Produces<DelegationListDto>();
        delegations.MapPost("", AddAsync).WithName("AddApprovalDelegation")
            .WithSummary("Let another user decide your approvals from starts to ends (both days included, UTC)")
            .Accepts<DelegationRequest>("application/json").Produces<DelegationDto>(201).ProducesProblem(400).ProducesProblem(422);
        delegations.MapDelete("/{id:long}", RemoveAsync).WithName("RemoveApprovalDelegation")
            .WithSummary("End a delegation you made (admins: any)").Produces(204).ProducesProblem(404);
        return approvals;
    }

    private static async Task<IResult> ListAsync(ICurrentUser current, IApprovalService service, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var items = await service.DelegationsAsync(user, cancellationToken);
        return TypedResults.Ok(new DelegationListDto(items.Select(DelegationDto.From).ToList()));
    }

    private static async Task<IResult> AddAsync(HttpRequest request, ICurrentUser current, IApprovalService service, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var (given, bodyError) = ApprovalBody.ReadDelegation(body);
        if (bodyError is not null) return bodyError;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var (delegation, refused) = await service.DelegateAsync(user, given!.ToUser, given.Starts, given.Ends, cancellationToken);
        return delegation is null
            ? ApiProblems.Problem(422, ErrorCodes.DelegationInvalid, refused ?? "The delegation was refused.")
            : TypedResults.Created("/api/v1/approvals/delegations", DelegationDto.From(delegation));
    }

    private static async Task<IResult> RemoveAsync(long id, ICurrentUser current, IApprovalService service, CancellationToken cancellationToken)
    {
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return await service.RemoveDelegationAsync(user, id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no delegation {id} of yours.");
    }
}
