using BenchmarkDotNet.Attributes;
using FunnelStudio.Loading;

namespace FunnelStudio.Benchmarks.Loading;

/// <summary>
/// Loading and compiling the b2b-saas sample package in a warm process: JSON reading, checks,
/// expression parsing and delegate compilation, with the JIT and Dynamic LINQ's type cache already
/// warm from the warm-up iterations. The fresh-process load is measured by <c>--cold-load</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class LoadBenchmarks
{
    private string _directory = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = RepoPaths.SamplePackage;
        PackageFixture.LoadOrThrow(_directory);
    }

    [Benchmark(Description = "Load + compile b2b-saas (warm)")]
    public bool LoadSample() => PackageLoader.Load(_directory).Succeeded;
}
