using FunnelStudio.Notifications;
using FunnelStudio.Portal.Identity;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/notifications</c>: the caller's in-app notifications, newest first, and marking them
/// read. Only ever the caller's: another user's notification id is 404, as one that does not exist.
/// </summary>
public static class NotificationsApi
{
    public const int DefaultPageSize = 20;

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder api)
    {
        var notifications = api.MapGroup("/notifications").WithTags("Notifications");
        notifications.MapGet("", ListAsync).WithName("ListNotifications")
            .WithSummary($"The caller's notifications, newest first (unread=true: only unread; page from 1; pageSize 1 to {Storage.Notifications.EfNotificationStore.MaxPageSize}, default {DefaultPageSize})")
            .Produces<NotificationPageDto>().ProducesProblem(400);
        notifications.MapPost("/{id:long}/read", ReadAsync).WithName("MarkNotificationRead")
            .WithSummary("Mark one of the caller's notifications read (body: {})")
            .Accepts<object>("application/json").Produces(204).ProducesProblem(404);
        notifications.MapPost("/read-all", ReadAllAsync).WithName("MarkAllNotificationsRead")
            .WithSummary("Mark every unread notification of the caller read (body: {}); answers how many")
            .Accepts<object>("application/json").Produces<MarkedReadDto>();
        return api;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ICurrentUser current, INotificationStore store, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var unread = false;
        if (query["unread"].ToString() is { Length: > 0 } unreadText && !bool.TryParse(unreadText, out unread))
            return ApiProblems.BadRequest("unread must be true or false.");
        if (!Whole(query["page"], 1, int.MaxValue, 1, out var page)) return ApiProblems.BadRequest("page must be a whole number from 1.");
        var max = Storage.Notifications.EfNotificationStore.MaxPageSize;
        if (!Whole(query["pageSize"], 1, max, DefaultPageSize, out var pageSize))
            return ApiProblems.BadRequest($"pageSize must be a whole number from 1 to {max}.");
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var found = await store.ListAsync(user.Id, unread, page, pageSize, cancellationToken);
        return TypedResults.Ok(new NotificationPageDto(found.Items.Select(NotificationDto.From).ToList(), found.Total, found.Unread, found.Page, found.PageSize));
    }

    private static async Task<IResult> ReadAsync(long id, HttpRequest request, ICurrentUser current, INotificationStore store, CancellationToken cancellationToken)
    {
        // A JSON body ({}), like every POST of the API: it keeps cross-site form posts out.
        var (_, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return await store.MarkReadAsync(user.Id, id, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no notification {id}.");
    }

    private static async Task<IResult> ReadAllAsync(HttpRequest request, ICurrentUser current, INotificationStore store, CancellationToken cancellationToken)
    {
        var (_, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        return TypedResults.Ok(new MarkedReadDto(await store.MarkAllReadAsync(user.Id, cancellationToken)));
    }

    private static bool Whole(Microsoft.Extensions.Primitives.StringValues text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        if (text.ToString() is not { Length: > 0 } s) return true;
        return int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}

/// <summary>A notification as the API shows it: the title is text, the body HTML with its values escaped.</summary>
public sealed record NotificationDto(long Id, string Event, string Title, string Body, string? Link, Guid? RecordId, DateTime CreatedAt, DateTime? ReadAt, bool Read)
{
    public static NotificationDto From(InAppNotification n) =>
        new(n.Id, n.Event, n.Title, n.Body, n.Link, n.RecordId, n.CreatedAt, n.ReadAt, n.IsRead);
}

public sealed record NotificationPageDto(IReadOnlyList<NotificationDto> Items, int Total, int Unread, int Page, int PageSize);

public sealed record MarkedReadDto(int Marked);
