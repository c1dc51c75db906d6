using BenchmarkDotNet.Running;
using FunnelStudio.Benchmarks;
using FunnelStudio.Benchmarks.StageGate;

if (args.Length > 0 && args[0] == ColdLoad.Switch) return ColdLoad.Run(args);
if (args.Length > 0 && args[0] == GateRatios.Switch) return GateRatios.Run();

BenchmarkSwitcher.FromAssembly(typeof(ColdLoad).Assembly).Run(args);
return 0;
