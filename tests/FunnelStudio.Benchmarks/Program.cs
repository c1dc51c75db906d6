using BenchmarkDotNet.Running;
using FunnelStudio.Benchmarks;
using FunnelStudio.Benchmarks.Load;

if (args.Length > 0 && args[0] == ColdLoad.Switch) return ColdLoad.Run(args);
if (args.Length > 0 && args[0] == LoadOptions.Switch) return await LoadClient.RunAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(ColdLoad).Assembly).Run(args);
return 0;
