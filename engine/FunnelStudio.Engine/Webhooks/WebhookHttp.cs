using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace FunnelStudio.Webhooks;

/// <summary>
/// The HttpClient webhooks are posted with (<see cref="ClientName"/>, from IHttpClientFactory): one connection pool
/// for all deliveries, a timeout of <see cref="WebhookOptions.TimeoutSeconds"/> per post, and a resilience pipeline per
/// receiving host (scheme, host and port) of two layers, inside the outbox's own retries:
/// <list type="bullet">
/// <item>one quick retry (after ~0.2 s) when the connection could not be made — nothing was sent, so posting again
/// cannot post twice; never after a timeout or an error answer (the receiver may have taken the message);</item>
/// <item>a circuit breaker: when at least half of at least <see cref="BreakerMinimumThroughput"/> posts to a host
/// within <see cref="BreakerSampling"/> failed (connect errors, timeouts, 408, 429, 5xx), posts to it fail at once
/// for <see cref="BreakerBreak"/>, so a dead receiver does not hold delivery slots for its timeout each;</item>
/// </list>
/// The timeout is the client's own (<see cref="HttpClient.Timeout"/>), around the pipeline: it covers the quick retry too,
/// and costs one timer per post where a timeout layer in the pipeline cost another async layer as well (posting through
/// the client alone, 4–8 % of its throughput, measured on loopback).
/// A post that still fails throws, and the outbox tries the message again with its backoff (minutes to hours,
/// see OutboxBackoff) — the retry that spans a receiver's outage.
/// </summary>
public static class WebhookHttp
{
    public const string ClientName = "FunnelStudio.Webhooks";

    public const int BreakerMinimumThroughput = 5;
    public static readonly TimeSpan BreakerSampling = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan BreakerBreak = TimeSpan.FromSeconds(30);

    /// <summary>Registers the named client; <see cref="WebhookOptions"/> must be registered (the engine and the portal do).</summary>
    public static IServiceCollection AddWebhookHttp(this IServiceCollection services)
    {
        services.AddHttpClient(ClientName, (provider, client) => client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<WebhookOptions>().TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<WebhookOptions>().AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    ConnectCallback = (context, token) => ConnectAsync(context, allowPrivate, token),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                };
            })
            // The handler recycles its connections itself (PooledConnectionLifetime); the factory's rotation would
            // also throw away the circuit breakers' state every two minutes.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // No log lines per post (the factory's default: four at Information, for every webhook): the outbox records
            // each failure on the message and logs it, and those loggers cost about a twentieth of a post's CPU.
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook", pipeline =>
            {
                pipeline
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = 1,
                        Delay = TimeSpan.FromMilliseconds(200),
                        BackoffType = DelayBackoffType.Constant,
                        UseJitter = true,
                        ShouldRetryAfterHeader = false,
                        ShouldHandle = args => ValueTask.FromResult(IsConnectFailure(args.Outcome.Exception)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = BreakerMinimumThroughput,
                        SamplingDuration = BreakerSampling,
                        BreakDuration = BreakerBreak,
                        // A post the client's timeout cut off reaches the pipeline as a cancellation: a failure of the host too.
                        ShouldHandle = args => ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome)
                            || args.Outcome.Exception is OperationCanceledException),
                    });
            })
            .SelectPipelineByAuthority();
        return services;
    }

    /// <summary>The connection was never made (refused, unreachable, reset while connecting) — but not a refused address.</summary>
    private static bool IsConnectFailure(Exception? error) =>
        error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } http
        && http.InnerException is not WebhookAddressRefusedException && http is not WebhookAddressRefusedException;

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken token)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, token);
        var allowed = addresses.Where(a => allowPrivate || !WebhookHandler.IsPrivate(a)).ToArray();
        if (allowed.Length == 0) throw new WebhookAddressRefusedException(context.DnsEndPoint.Host);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook to a private, loopback or link-local address while they are not allowed: never retried at once.</summary>
public sealed class WebhookAddressRefusedException(string host) : HttpRequestException(
    $"Webhooks to {host} are not allowed: it is a private, loopback or link-local address (FunnelStudio:Webhooks:AllowPrivateNetworks).",
    null, null);
