using System.Text.Json;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;
using FunnelStudio.Stages;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// Stage moves and the checklist: <c>POST …/records/{id}/stage</c> runs the stage decision inside the
/// save pipeline (saving the supplied values with the move, or nothing), <c>GET …/checklist</c>
/// explains the decision without moving.
/// </summary>
public static class StageApi
{
    public static RouteGroupBuilder MapStageApi(this RouteGroupBuilder api)
    {
        var record = api.MapGroup("/objects/{object}/records/{id:guid}").WithTags("Stages");
        record.MapPost("/stage", MoveAsync).WithName("MoveStage")
            .WithSummary("Move to another stage, saving the given values with it; 422 STAGE_EXIT_BLOCKED lists every unmet criterion")
            .Accepts<MoveStageRequest>("application/json").Produces<RecordDto>().ProducesProblem(422).ProducesProblem(412).ProducesProblem(503);
        record.MapGet("/checklist", ChecklistAsync).WithName("StageChecklist")
            .WithSummary("Every criterion between the record's stage and the target (default: the next stage), without moving")
            .Produces<ChecklistDto>().ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> MoveAsync(string @object, Guid id, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, IIdempotencyKeyStore keys, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        if (obj.Pipeline is null) return ApiProblems.BadRequest($"'{@object}' has no pipeline.");
        var (key, keyError) = IdempotentRequests.ReadKey(request);
        if (keyError is not null) return keyError;
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        if (!body.TryGetProperty("to", out var to) || to.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(to.GetString()))
            return ApiProblems.BadRequest("Name the target stage: { \"to\": \"<stage>\", \"values\": { … } }.");
        JsonElement? values = null;
        if (body.TryGetProperty("values", out var given))
        {
            if (given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                return ApiProblems.BadRequest("values must be a JSON object of field → value.");
            if (given.ValueKind == JsonValueKind.Object) values = given;
        }
        foreach (var property in body.EnumerateObject())
            if (property.Name is not ("to" or "values"))
                return ApiProblems.BadRequest($"Unknown key '{property.Name}': the body has only 'to' and 'values'.");

        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var idempotencyKey = key is null ? null : IdempotentRequests.For(key, user, request, body);
        return await IdempotentRequests.SaveAsync(request, idempotencyKey, keys, async () =>
        {
            var result = await service.SaveAsync(new SaveCommand(@object, SaveOperation.MoveStage, user)
            {
                RecordId = id,
                ToStage = to.GetString()!.Trim(),
                JsonValues = values,
                ExpectedVersion = ETags.ExpectedVersion(request),
                Source = SaveSource.Api,
                IdempotencyKey = idempotencyKey,
            }, cancellationToken);
            if (!result.Succeeded) return ApiProblems.FromSave(result, ApiRequest.Locale, ETags.HasPrecondition(request));
            RecordsApi.SetETag(request, result.Record!);
            return TypedResults.Ok(RecordDto.From(result.Record!, ApiRequest.Access(runtime, user, obj)));
        }, async stored =>
        {
            // The move was made: the record as it is now (If-Match is not checked again: it held when it was made).
            var read = await service.GetAsync(@object, stored.RecordId, user, cancellationToken);
            if (RecordsApi.ReadProblem(read.Status, @object, stored.RecordId) is { } problem) return problem;
            RecordsApi.SetETag(request, read.Record!);
            return TypedResults.Ok(RecordDto.From(read.Record!, ApiRequest.Access(runtime, user, obj)));
        }, cancellationToken);
    }

    private static async Task<IResult> ChecklistAsync(string @object, Guid id, string? to, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        if (obj.Pipeline is null) return ApiProblems.BadRequest($"'{@object}' has no pipeline.");
        if (!string.IsNullOrEmpty(to) && obj.Pipeline.Find(to) is null) return ApiProblems.BadRequest($"'{@object}' has no stage '{to}'.");
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var read = await service.ChecklistAsync(@object, id, string.IsNullOrEmpty(to) ? null : to, user, ApiRequest.Locale, cancellationToken);
        if (RecordsApi.ReadProblem(read.Status, @object, id) is { } problem) return problem;
        return TypedResults.Ok(ChecklistDto.From(read.Checklist!));
    }
}

/// <summary>The body of a stage move.</summary>
public sealed record MoveStageRequest(string To, JsonElement? Values);

/// <summary>The stage checklist: every criterion with ✓/✗ and whether the move would be allowed.</summary>
public sealed record ChecklistDto(string? Current, string? Target, bool Ready, IReadOnlyList<ChecklistItemDto> Items)
{
    public static ChecklistDto From(StageChecklist checklist) => new(checklist.Current, checklist.Target, checklist.Ready,
        checklist.Items.Select(i => new ChecklistItemDto(KindName(i.Kind), i.Stage, i.Name, i.Field, i.Message, i.Passed,
            // Only that it could not be evaluated: the exception's text is for the admins' log, not for clients.
            i.Error is null ? null : RuleError, i.FailedRules)).ToArray());

    /// <summary>The <c>error</c> of a criterion that could not be evaluated (it then counts as unmet).</summary>
    public const string RuleError = "RULE_ERROR";

    private static string KindName(ChecklistItemKind kind) => kind switch
    {
        ChecklistItemKind.ExitCriterion => "exit",
        ChecklistItemKind.EntryCriterion => "entry",
        _ => "required",
    };
}

public sealed record ChecklistItemDto(string Kind, string Stage, string Name, string? Field, string Message, bool Passed,
    string? Error, IReadOnlyList<string> FailedRules);
