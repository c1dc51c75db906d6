using System.Diagnostics;

namespace FunnelStudio.Benchmarks;

/// <summary>
/// <c>--cold-load [folder]</c>: loads a package once in this fresh process and prints the load's
/// milliseconds (JIT included). Time the whole process from a shell to add runtime start-up.
/// </summary>
internal static class ColdLoad
{
    public const string Switch = "--cold-load";

    public static int Run(string[] args)
    {
        var directory = args.Length > 1 ? args[1] : RepoPaths.SamplePackage;
        var clock = Stopwatch.StartNew();
        PackageFixture.LoadOrThrow(directory);
        clock.Stop();
        Console.WriteLine($"{clock.Elapsed.TotalMilliseconds:F1}");
        return 0;
    }
}
