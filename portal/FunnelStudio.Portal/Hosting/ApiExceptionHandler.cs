using System.Text.Json;
using FunnelStudio.Portal.Api;
using FunnelStudio.Saving;
using FunnelStudio.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// Turns exceptions that escape an API endpoint into problem+json with a stable code. Input the
/// framework could not read is the caller's error (4xx); a store that cannot take the save now, or a
/// database that cannot be reached, is a 503 with <c>Retry-After</c>; anything else is logged and
/// answered with a 500 that carries no internals.
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
            StoreOverloadedException overloaded => (503, ErrorCodes.Overloaded, overloaded.Message),
            DatabaseUnavailableException unavailable => (503, ErrorCodes.DatabaseUnavailable, unavailable.Message),
            // A read (or a step before the write) lost the database: nothing was written.
            _ when DatabaseFailures.IsConnectionFailure(exception) => (503, ErrorCodes.DatabaseUnavailable, "The database cannot be reached."),
            _ => (500, ErrorCodes.Internal, "An unexpected error occurred. It has been logged."),
        };
        if (status == 503)
        {
            var retryAfter = exception is StoreUnavailableException store ? store.RetryAfter : TimeSpan.FromSeconds(5);
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            logger.LogWarning("{Method} {Path} answered 503 {Code}: {Reason}", httpContext.Request.Method, httpContext.Request.Path, code,
                exception.InnerException?.Message ?? exception.Message);
        }
        else if (status >= 500) logger.LogError(exception, "Unhandled error in {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        });
    }
}
