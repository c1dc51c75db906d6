using FunnelStudio.Portal.Documents;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// <c>GET …/records/{id}/documents/{name}</c>: a record's printable document as <c>text/html</c> (the
/// template's output, without the page around it). A document the user's roles may not use is 404 like
/// an unknown one; the record answers 403/404 as <c>GET …/records/{id}</c> does; a template that fails
/// is 422 <c>TEMPLATE_FAILED</c> with the template's error.
/// </summary>
public static class DocumentsApi
{
    public static RouteGroupBuilder MapDocumentsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/objects/{object}/records/{id:guid}/documents/{name}", PrintAsync).WithTags("Records").WithName("PrintDocument")
            .WithSummary("A record's printable document (a quote, a contract summary), rendered from the package's template, as HTML")
            .Produces<string>(200, "text/html").ProducesProblem(404).ProducesProblem(403).ProducesProblem(422);
        return api;
    }

    private static async Task<IResult> PrintAsync(string @object, Guid id, string name, ICurrentUser current,
        DocumentPrinter printer, IPackageRuntime runtime, CancellationToken cancellationToken)
    {
        if (ApiRequest.Object(runtime, @object) is null) return ApiProblems.UnknownObject(@object);
        var user = await ApiRequest.UserAsync(current, cancellationToken);
        var print = await printer.PrintAsync(@object, id, name, user, ApiRequest.Locale, cancellationToken);
        if (print.Document is null)
            return ApiProblems.Problem(404, ErrorCodes.NotFound, $"'{@object}' has no document '{name}' you may print.");
        if (RecordsApi.ReadProblem(print.Status, @object, id) is { } problem) return problem;
        return print.Result!.Succeeded
            ? TypedResults.Content(print.Result.Output, "text/html; charset=utf-8")
            : ApiProblems.Problem(422, ErrorCodes.TemplateFailed, print.Result.Error!);
    }
}
