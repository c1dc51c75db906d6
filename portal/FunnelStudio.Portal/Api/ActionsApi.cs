using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Scripting.Actions;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>POST …/records/{id}/actions/{name}</c>: runs a package action on a record. What the action sets
/// is saved through the one save pipeline; a script that fails or refuses answers 422
/// <c>SCRIPT_FAILED</c> with where in the script; an action the user may not run is 404 like an unknown one.
/// </summary>
public static class ActionsApi
{
    public static RouteGroupBuilder MapActionsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/objects/{object}/records/{id:guid}/actions/{name}", RunAsync).WithTags("Actions").WithName("RunAction")
            .WithSummary("Run a package action on a record (If-Match: the ETag you read); its changes are saved like any other save")
            .Produces<RecordDto>().ProducesProblem(404).ProducesProblem(403).ProducesProblem(409).ProducesProblem(412).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> RunAsync(string @object, Guid id, string name, HttpRequest request, ICurrentUser current,
        IScriptActionService actions, IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await actions.RunAsync(@object, id, name, user, ETags.ExpectedVersion(request), cancellationToken);
        switch (result.Status)
        {
            case ScriptActionStatus.ActionNotFound:
                return ApiProblems.Problem(404, ErrorCodes.NotFound, $"'{@object}' has no action '{name}' you may run.");
            case ScriptActionStatus.RecordNotFound:
                return RecordsApi.ReadProblem(ReadStatus.NotFound, @object, id)!;
            case ScriptActionStatus.RecordForbidden:
                return RecordsApi.ReadProblem(ReadStatus.Forbidden, @object, id)!;
            case ScriptActionStatus.Refused:
                return ApiProblems.FromSave(result.Save!, ApiRequest.Locale, ETags.HasPrecondition(request));
            default:
                RecordsApi.SetETag(request, result.Record!);
                return TypedResults.Ok(RecordDto.From(result.Record!, ApiRequest.Access(runtime, user, obj)));
        }
    }
}
