using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>GET /api/v1/objects</c>: the published package's objects, fields and stages, labelled in the
/// request's language, as the requesting user may use them (objects out of reach left out, hidden
/// fields left out, fields they may only read marked read-only).
/// </summary>
public static class ObjectsApi
{
    public static RouteGroupBuilder MapObjectsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/objects", async (IPackageRuntime runtime, ICurrentUser current, CancellationToken cancellationToken) =>
            {
                var package = runtime.Current;
                var user = await ApiRequest.UserAsync(current, cancellationToken);
                var locale = ApiRequest.Locale;
                var objects = package.Definition.Objects.Select(o => package.Access.For(user, o))
                    .Where(a => a.CanReadAny || a.CanCreate)
                    .Select(a => ObjectMetadataDto.From(a, locale)).ToArray();
                return TypedResults.Ok(new PackageMetadataDto(package.Definition.Name, package.Definition.Version,
                    package.Definition.Label.Get(locale), locale, objects));
            })
            .WithName("ListObjects").WithSummary("Objects, fields and stages of the published package").WithTags("Metadata");

        api.MapGet("/objects/{object}", async Task<IResult> (string @object, IPackageRuntime runtime, ICurrentUser current, CancellationToken cancellationToken) =>
            {
                var package = runtime.Current;
                var user = await ApiRequest.UserAsync(current, cancellationToken);
                return package.Definition.Object(@object) is { } obj && package.Access.For(user, obj) is { } access && (access.CanReadAny || access.CanCreate)
                    ? TypedResults.Ok(ObjectMetadataDto.From(access, ApiRequest.Locale))
                    : ApiProblems.UnknownObject(@object);
            })
            .WithName("GetObject").WithSummary("One object's fields and stages").WithTags("Metadata")
            .Produces<ObjectMetadataDto>().ProducesProblem(400);
        return api;
    }
}
