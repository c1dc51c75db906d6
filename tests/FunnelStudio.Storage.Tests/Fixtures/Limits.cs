namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// A bound on awaiting what a test waits for, so that a broken promise fails the test (with a
/// <see cref="TimeoutException"/>) instead of hanging the run. Generous: never what a test measures.
/// </summary>
public static class Limits
{
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Generous);

    public static Task Within(this Task task) => task.WaitAsync(Generous);

    /// <summary>Waits until <paramref name="condition"/> holds, checking often; fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never happened: {what}.");
            await Task.Delay(10);
        }
    }
}
