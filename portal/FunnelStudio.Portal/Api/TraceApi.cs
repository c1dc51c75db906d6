using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Tracing;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>GET /api/v1/objects/{object}/records/{id}/trace</c>: what the record's last traced save ran and
/// decided — admin role only, like the record page's trace panel.
/// </summary>
public static class TraceApi
{
    public static RouteGroupBuilder MapTraceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/objects/{object}/records/{id:guid}/trace", LastAsync).WithTags("Records").WithName("LastSaveTrace")
            .WithSummary("The record's last save trace: its rules, gates and scripts with their decisions and times (admin role only)")
            .RequireAuthorization(AccessPolicies.Admin)
            .Produces<SaveTraceDto>().ProducesProblem(404).ProducesProblem(403);
        return api;
    }

    private static async Task<IResult> LastAsync(string @object, Guid id, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, ISaveTraceStore traces, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is null) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var read = await service.GetAsync(@object, id, user, cancellationToken);
        if (RecordsApi.ReadProblem(read.Status, @object, id) is { } problem) return problem;
        return await traces.LastAsync(id, cancellationToken) is { } trace && trace.Object == @object
            ? TypedResults.Ok(SaveTraceDto.From(trace))
            : ApiProblems.Problem(404, ErrorCodes.NotFound, $"No save of {@object} {id} is traced (traces are kept for a limited time).");
    }
}

/// <summary>A save trace: <c>outcome</c> is <c>saved</c> or <c>refused:&lt;status&gt;</c>; times in milliseconds.</summary>
public sealed record SaveTraceDto(long Id, string Object, string Operation, string UserId, DateTime At, string Outcome, Guid? RecordId,
    long ConfigVersion, double DurationMs, bool ScriptFailed, IReadOnlyList<TraceStep> Steps)
{
    public static SaveTraceDto From(SaveTrace t) =>
        new(t.Id, t.Object, t.Operation, t.UserId, t.At, t.Outcome, t.RecordId, t.ConfigVersion, t.DurationMs, t.ScriptFailed, t.Steps);
}
