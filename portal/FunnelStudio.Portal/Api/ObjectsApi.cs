using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary><c>GET /api/v1/objects</c>: the published package's objects, fields and stages, labelled in the request's language.</summary>
public static class ObjectsApi
{
    public static RouteGroupBuilder MapObjectsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/objects", (IPackageRuntime runtime) =>
            {
                var package = runtime.Current.Definition;
                var locale = ApiRequest.Locale;
                return TypedResults.Ok(new PackageMetadataDto(package.Name, package.Version, package.Label.Get(locale), locale,
                    package.Objects.Select(o => ObjectMetadataDto.From(o, locale)).ToArray()));
            })
            .WithName("ListObjects").WithSummary("Objects, fields and stages of the published package").WithTags("Metadata");

        api.MapGet("/objects/{object}", IResult (string @object, IPackageRuntime runtime) =>
                runtime.Current.Definition.Object(@object) is { } obj
                    ? TypedResults.Ok(ObjectMetadataDto.From(obj, ApiRequest.Locale))
                    : ApiProblems.UnknownObject(@object))
            .WithName("GetObject").WithSummary("One object's fields and stages").WithTags("Metadata")
            .Produces<ObjectMetadataDto>().ProducesProblem(400);
        return api;
    }
}
