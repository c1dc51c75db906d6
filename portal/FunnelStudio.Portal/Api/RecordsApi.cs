using System.Text.Json;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>/api/v1/objects/{object}/records</c>: list, create, read, change and delete records — every
/// change through <see cref="IRecordService.SaveAsync"/>, the one save pipeline.
/// </summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecordsApi(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/objects/{object}/records").WithTags("Records");
        records.MapGet("", ListAsync).WithName("ListRecords").WithSummary("Search, filter, sort and page records")
            .Produces<RecordPageDto>().ProducesProblem(400);
        records.MapPost("", CreateAsync).WithName("CreateRecord")
            .WithSummary("Create a record; with an Idempotency-Key, a retry of the same request returns the same record")
            .Accepts<JsonElement>("application/json").Produces<RecordDto>(201).ProducesProblem(400).ProducesProblem(409)
            .ProducesProblem(422).ProducesProblem(503);
        records.MapGet("/{id:guid}", GetAsync).WithName("GetRecord").WithSummary("Read a record (ETag = its version)")
            .Produces<RecordDto>().ProducesProblem(404).ProducesProblem(403);
        records.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateRecord").WithSummary("Change fields (If-Match: the ETag you read)")
            .Accepts<JsonElement>("application/json").Produces<RecordDto>().ProducesProblem(412).ProducesProblem(422);
        records.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteRecord")
            .WithSummary("Delete a record (soft), following each pointing lookup's onDelete (409 REFERENCED while a restrict lookup points to it)")
            .Produces(204).ProducesProblem(412).ProducesProblem(409).ProducesProblem(403).ProducesProblem(404);
        return api;
    }

    private static async Task<IResult> ListAsync(string @object, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var access = ApiRequest.Access(runtime, user, obj);
        if (!access.CanReadAny) return ApiProblems.Problem(403, ErrorCodes.Forbidden, $"You may not read {@object} records.");
        var query = request.Query;
        if (!TryInt(query["page"], 1, 1, 1_000_000, out var page)) return ApiProblems.BadRequest("page must be a whole number from 1.");
        if (!TryInt(query["pageSize"], 50, 1, 200, out var pageSize)) return ApiProblems.BadRequest("pageSize must be a whole number from 1 to 200.");
        var (sort, descending) = ParseSort(query["sort"]);
        string? stage = query["stage"];
        if (!string.IsNullOrEmpty(stage) && obj.Pipeline?.Find(stage) is null)
            return ApiProblems.BadRequest($"'{@object}' has no stage '{stage}'.");
        string? owner = query["owner"];
        if (owner == "me") owner = user.Id;

        var result = await service.QueryAsync(new RecordQuery(@object)
        {
            Stage = string.IsNullOrEmpty(stage) ? null : stage,
            Owner = string.IsNullOrEmpty(owner) ? null : owner,
            Search = string.IsNullOrWhiteSpace(query["q"]) ? null : query["q"].ToString().Trim(),
            Sort = sort,
            Descending = descending,
            Page = page,
            PageSize = pageSize,
        }, user, cancellationToken);
        return TypedResults.Ok(new RecordPageDto(result.Items.Select(r => RecordDto.From(r, access)).ToArray(),
            result.Total, result.Page, result.PageSize));
    }

    private static async Task<IResult> CreateAsync(string @object, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, IIdempotencyKeyStore keys, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        var (key, keyError) = IdempotentRequests.ReadKey(request);
        if (keyError is not null) return keyError;
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var idempotencyKey = key is null ? null : IdempotentRequests.For(key, user, request, body);
        return await IdempotentRequests.SaveAsync(request, idempotencyKey, keys, async () =>
        {
            var result = await service.SaveAsync(new SaveCommand(@object, SaveOperation.Create, user)
            {
                JsonValues = RecordBody.Values(body, obj.Definition),
                Source = SaveSource.Api,
                IdempotencyKey = idempotencyKey,
            }, cancellationToken);
            if (!result.Succeeded) return ApiProblems.FromSave(result, ApiRequest.Locale, preconditionGiven: false);
            return Created(request, result.Record!, runtime, user, obj);
        }, async stored =>
        {
            // The record as it is now (it may have changed since); gone or no longer the user's: say so.
            var read = await service.GetAsync(stored.Object, stored.RecordId, user, cancellationToken);
            return ReadProblem(read.Status, stored.Object, stored.RecordId) ?? Created(request, read.Record!, runtime, user, obj);
        }, cancellationToken);
    }

    private static IResult Created(HttpRequest request, StoredRecord record, IPackageRuntime runtime, ActingUser user, FunnelStudio.Rules.CompiledObject obj)
    {
        SetETag(request, record);
        return TypedResults.Created($"/api/v1/objects/{record.Object}/records/{record.Id}", RecordDto.From(record, ApiRequest.Access(runtime, user, obj)));
    }

    private static async Task<IResult> GetAsync(string @object, Guid id, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var read = await service.GetAsync(@object, id, user, cancellationToken);
        if (ReadProblem(read.Status, @object, id) is { } problem) return problem;
        var record = read.Record!;
        SetETag(request, record);
        if (request.Headers.IfNoneMatch.ToString() == ETags.For(record.Version)) return TypedResults.StatusCode(304);
        return TypedResults.Ok(RecordDto.From(record, ApiRequest.Access(runtime, user, obj)));
    }

    private static async Task<IResult> UpdateAsync(string @object, Guid id, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is not { } obj) return ApiProblems.UnknownObject(@object);
        var (body, error) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (error is not null) return error;
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await service.SaveAsync(new SaveCommand(@object, SaveOperation.Update, user)
        {
            RecordId = id,
            JsonValues = RecordBody.Values(body, obj.Definition),
            ExpectedVersion = ETags.ExpectedVersion(request),
            Source = SaveSource.Api,
        }, cancellationToken);
        if (!result.Succeeded) return ApiProblems.FromSave(result, ApiRequest.Locale, ETags.HasPrecondition(request));
        SetETag(request, result.Record!);
        return TypedResults.Ok(RecordDto.From(result.Record!, ApiRequest.Access(runtime, user, obj)));
    }

    private static async Task<IResult> DeleteAsync(string @object, Guid id, HttpRequest request, ICurrentUser current, IRecordService service,
        IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is null) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var result = await service.SaveAsync(new SaveCommand(@object, SaveOperation.Delete, user)
        {
            RecordId = id,
            ExpectedVersion = ETags.ExpectedVersion(request),
            Source = SaveSource.Api,
        }, cancellationToken);
        return result.Succeeded ? TypedResults.NoContent() : ApiProblems.FromSave(result, ApiRequest.Locale, ETags.HasPrecondition(request));
    }

    public static IResult? ReadProblem(ReadStatus status, string obj, Guid id) => status switch
    {
        ReadStatus.NotFound => ApiProblems.Problem(404, ErrorCodes.NotFound, $"There is no {obj} {id}."),
        ReadStatus.Forbidden => ApiProblems.Problem(403, ErrorCodes.Forbidden, "This record belongs to someone else."),
        _ => null,
    };

    public static void SetETag(HttpRequest request, StoredRecord record) =>
        request.HttpContext.Response.Headers.ETag = ETags.For(record.Version);

    private static (string Sort, bool Descending) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort)) return ("updated_at", true);
        sort = sort.Trim();
        return sort.StartsWith('-') ? (sort[1..], true) : (sort.TrimStart('+'), false);
    }

    private static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        value = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        return int.TryParse(text, System.Globalization.NumberStyles.None, null, out value) && value >= min && value <= max;
    }
}
