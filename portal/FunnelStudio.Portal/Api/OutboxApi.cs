using FunnelStudio.Outbox;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Outbox;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/outbox</c>, for admins only (others get 403): the outbox's messages, newest first, by
/// status and record, one message, and the manual retry of a dead letter (audited, as on the admin page).
/// </summary>
public static class OutboxApi
{
    /// <summary>The message is delivered already, or being delivered right now: there is nothing to retry.</summary>
    public const string NotRetryable = "OUTBOX_NOT_RETRYABLE";

    public static RouteGroupBuilder MapOutboxApi(this RouteGroupBuilder api)
    {
        var outbox = api.MapGroup("/outbox").WithTags("Outbox").RequireAuthorization(AccessPolicies.Admin);
        outbox.MapGet("", ListAsync).WithName("ListOutboxMessages")
            .WithSummary("Outbox messages, newest first (status: pending, done or dead; record: a record id; limit: 1 to 500, default 100)")
            .Produces<OutboxPageDto>().ProducesProblem(400).ProducesProblem(403);
        outbox.MapGet("/{id:long}", GetAsync).WithName("GetOutboxMessage").WithSummary("One outbox message")
            .Produces<OutboxMessageDto>().ProducesProblem(404);
        outbox.MapPost("/{id:long}/retry", RetryAsync).WithName("RetryOutboxMessage")
            .WithSummary("Deliver a dead (or waiting) message again now, attempts counted from zero (body: {})")
            .Accepts<object>("application/json").Produces<OutboxMessageDto>().ProducesProblem(404).ProducesProblem(409);
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IOutboxStore store, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!OutboxRetries.TryParseStatus(query["status"], out var status))
            return ApiProblems.BadRequest("status must be pending, done or dead.");
        Guid? record = null;
        if (query["record"].ToString() is { Length: > 0 } text)
        {
            if (!Guid.TryParse(text, out var id)) return ApiProblems.BadRequest("record must be a record id.");
            record = id;
        }
        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && !(int.TryParse(limitText, System.Globalization.NumberStyles.None, null, out limit) && limit is >= 1 and <= Storage.Outbox.EfOutboxStore.MaxList))
            return ApiProblems.BadRequest($"limit must be a whole number from 1 to {Storage.Outbox.EfOutboxStore.MaxList}.");
        var items = await store.ListAsync(status, record, limit, cancellationToken);
        return TypedResults.Ok(new OutboxPageDto(items.Select(OutboxMessageDto.From).ToList()));
    }

    private static async Task<IResult> GetAsync(long id, IOutboxStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } item ? TypedResults.Ok(OutboxMessageDto.From(item)) : NotFound(id);

    private static async Task<IResult> RetryAsync(long id, HttpRequest request, ICurrentUser current, OutboxRetries retries,
        IOutboxStore store, CancellationToken cancellationToken)
    {
        // A JSON body ({}), like every POST of the API: it keeps cross-site form posts out.
        var (_, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var admin = await ApiRequest.UserAsync(current, cancellationToken);
        var (outcome, retried) = await retries.RetryWithItemAsync(id, admin.Id, cancellationToken);
        return outcome switch
        {
            OutboxRetryOutcome.Retried => TypedResults.Ok(OutboxMessageDto.From(retried!)),
            OutboxRetryOutcome.NotRetryable => ApiProblems.Problem(409, NotRetryable,
                $"Outbox message {id} is delivered already or being delivered right now."),
            _ => NotFound(id),
        };
    }

    private static IResult NotFound(long id) => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no outbox message {id}.");
}

/// <summary>An outbox message as the API shows it (the payload stays out: it may hold what only its handler should read).</summary>
public sealed record OutboxMessageDto(long Id, string Kind, string Status, Guid? RecordId, string? RecordObject, string? Description,
    int Attempts, DateTime CreatedAt, DateTime NextAttemptAt, DateTime? DoneAt, string? LastError)
{
    public static OutboxMessageDto From(OutboxItem item) => new(item.Id, item.Kind, OutboxRetries.StatusName(item.Status), item.RecordId,
        item.RecordObject, item.Description, item.Attempts, item.CreatedAt, item.NextAttemptAt, item.DoneAt, item.LastError);
}

public sealed record OutboxPageDto(IReadOnlyList<OutboxMessageDto> Items);
