using FunnelStudio.Portal.Api;

namespace FunnelStudio.Portal.Hosting;

/// <summary>Problem details (RFC 9457) for every API error, each with a stable <c>code</c> and the trace id.</summary>
public static class ProblemSetup
{
    public static IServiceCollection AddFunnelStudioProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
            problem.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }
}
