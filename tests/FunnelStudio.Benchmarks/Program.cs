using BenchmarkDotNet.Running;
using FunnelStudio.Benchmarks;

if (args.Length > 0 && args[0] == ColdLoad.Switch) return ColdLoad.Run(args);

BenchmarkSwitcher.FromAssembly(typeof(ColdLoad).Assembly).Run(args);
return 0;
