using System.Text.Json;
using FunnelStudio.Portal.Api;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Diagnostics;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Turns exceptions that escape an API endpoint into problem+json with a stable code. Input the
/// framework could not read is the caller's error (4xx); anything else is logged and answered with
/// a 500 that carries no internals.
/// </summary>
public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!Identity.IdentitySetup.IsApiRequest(httpContext.Request)) return false;
        var (status, code, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, ErrorCodes.ForStatus(bad.StatusCode), bad.Message),
            InvalidQueryException query => (query.Code == ErrorCodes.NotFound ? 404 : 400, query.Code, query.Message),
            JsonException => (400, ErrorCodes.BadRequest, "The request body is not valid JSON."),
            _ => (500, ErrorCodes.Internal, "An unexpected error occurred. It has been logged."),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled error in {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
