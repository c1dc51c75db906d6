using System.Diagnostics;
using System.Text.Json.Nodes;
using FunnelStudio.Diagnostics;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using Xunit.Abstractions;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>
/// 1,000 seeded mutations of the b2b-saas sample, one file at a time. Whatever the mutation, the
/// loader answers with a result — success, or diagnostics with known codes — and never throws.
/// Two workers (each its own copy of the sample and its own seeded Random) keep it deterministic and
/// use both cores. For a deeper run set FUNNELSTUDIO_FUZZ_SEED and FUNNELSTUDIO_FUZZ_ITERATIONS.
/// </summary>
public class LoaderFuzzTests(ITestOutputHelper output)
{
    private const int Workers = 2;
    private static readonly int Seed = FromEnvironment("FUNNELSTUDIO_FUZZ_SEED", 20260310);
    private static readonly int Iterations = FromEnvironment("FUNNELSTUDIO_FUZZ_ITERATIONS", 1000);

    private static readonly HashSet<string> KnownCodes = DiagnosticCodes.All.Select(c => c.Id).ToHashSet();

    private sealed record WorkerResult(List<string> Failures, int Succeeded, int Refused, HashSet<string> Codes);

    [Fact]
    public void Load_ThousandMutationsOfTheSample_NeverThrowsAndAlwaysExplains()
    {
        var sample = Fixtures.SamplePackage("b2b-saas");
        Assert.True(File.Exists(Path.Combine(sample, "package.json")), "sample-configs/b2b-saas is missing.");
        var clock = Stopwatch.StartNew();

        var results = new WorkerResult[Workers];
        Parallel.For(0, Workers, new ParallelOptions { MaxDegreeOfParallelism = Workers },
            worker => results[worker] = RunWorker(sample, worker, Iterations / Workers + (worker < Iterations % Workers ? 1 : 0)));

        var failures = results.SelectMany(r => r.Failures).ToList();
        var refused = results.Sum(r => r.Refused);
        var codes = results.SelectMany(r => r.Codes).ToHashSet();
        output.WriteLine($"{Iterations} mutations in {clock.Elapsed.TotalSeconds:F1} s: {results.Sum(r => r.Succeeded)} loaded, {refused} refused; codes seen: {string.Join(" ", codes.Order())}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Iterations} mutations (seed {Seed}) broke the loader:\n" + string.Join("\n", failures.Take(20)));
        // The fuzzer must actually hurt: most mutations are refused, across many different codes.
        Assert.True(refused > Iterations / 2, $"Only {refused} mutations were refused.");
        Assert.True(codes.Count >= 12, $"Only {codes.Count} distinct codes seen.");
    }

    private static WorkerResult RunWorker(string sample, int worker, int iterations)
    {
        using var temp = new TempDirectory();
        var originals = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file).Replace('\\', '/');
            Directory.CreateDirectory(Path.GetDirectoryName(temp.File(relative))!);
            File.Copy(file, temp.File(relative));
            if (relative.EndsWith(".json", StringComparison.Ordinal)) originals[relative] = File.ReadAllBytes(file);
        }
        var files = originals.Keys.ToList();
        var random = new Random(Seed + worker);
        var mutator = new JsonMutator(random, KnownNames(originals.Values));
        var result = new WorkerResult([], 0, 0, []);
        int succeeded = 0, refused = 0;

        for (var i = 0; i < iterations; i++)
        {
            var file = files[random.Next(files.Count)];
            var (bytes, mutation) = mutator.Mutate(System.Text.Encoding.UTF8.GetString(originals[file]));
            File.WriteAllBytes(temp.File(file), bytes);
            try
            {
                var load = PackageLoader.Load(temp.Path);
                var problem = Check(load);
                if (problem is not null) result.Failures.Add($"worker {worker} #{i} {file} [{mutation}]: {problem}");
                if (load.Succeeded) succeeded++;
                else refused++;
                result.Codes.UnionWith(load.Diagnostics.Select(d => d.Code));
            }
            catch (Exception e)
            {
                result.Failures.Add($"worker {worker} #{i} {file} [{mutation}]: threw {e.GetType().Name}: {e.Message}");
            }
            finally
            {
                File.WriteAllBytes(temp.File(file), originals[file]);
            }
        }
        return result with { Succeeded = succeeded, Refused = refused };
    }

    private static string? Check(LoadResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            if (!KnownCodes.Contains(d.Code)) return $"unknown code {d.Code}";
            if (string.IsNullOrEmpty(d.File)) return $"{d.Code} without a file";
            if (!d.Path.StartsWith('$')) return $"{d.Code} with path '{d.Path}'";
            if (string.IsNullOrWhiteSpace(d.Message)) return $"{d.Code} without a message";
        }
        if (result.Diagnostics.Any(d => d.IsError) && result.Package is not null) return "a compiled package despite errors";
        if (!result.Diagnostics.Any(d => d.IsError) && result.Package is null) return "no package and no error";
        return null;
    }

    /// <summary>Names of objects, fields, stages and options in the sample: what renames draw from.</summary>
    private static List<string> KnownNames(IEnumerable<byte[]> files)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var bytes in files)
        {
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(bytes, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
            }
            catch (System.Text.Json.JsonException)
            {
                continue;
            }
            Collect(root);
        }
        return names.ToList();

        void Collect(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["name"] is JsonValue v && v.TryGetValue<string>(out var name) && ElementName(name)) names.Add(name);
                    foreach (var (_, child) in obj) Collect(child);
                    break;
                case JsonArray array:
                    foreach (var item in array) Collect(item);
                    break;
            }
        }
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private static bool ElementName(string name) => name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
