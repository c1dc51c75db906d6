using BenchmarkDotNet.Running;
using FunnelStudio.Benchmarks;
using FunnelStudio.Benchmarks.Load;
using FunnelStudio.Benchmarks.StageGate;

if (args.Length > 0 && args[0] == ColdLoad.Switch) return ColdLoad.Run(args);
if (args.Length > 0 && args[0] == GateRatios.Switch) return GateRatios.Run();
if (args.Length > 0 && args[0] == LoadOptions.Switch) return await LoadClient.RunAsync(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Publish.PublishRun.Switch) return await FunnelStudio.Benchmarks.Publish.PublishRun.RunAsync(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Scripting.HookSaveRatios.Switch) return await FunnelStudio.Benchmarks.Scripting.HookSaveRatios.RunAsync(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Scripting.ScriptProfile.Switch) return FunnelStudio.Benchmarks.Scripting.ScriptProfile.Run();
if (args.Length > 0 && args[0] == UniquePackage.Switch) return UniquePackage.Run(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Backtest.BacktestRun.Switch) return await FunnelStudio.Benchmarks.Backtest.BacktestRun.RunAsync(args);

if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Outbox.OutboxRun.Switch) return await FunnelStudio.Benchmarks.Outbox.OutboxRun.RunAsync(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Approvals.ApprovalRun.Switch) return await FunnelStudio.Benchmarks.Approvals.ApprovalRun.RunAsync(args);
if (args.Length > 0 && args[0] == FunnelStudio.Benchmarks.Analytics.AnalyticsRun.Switch) return await FunnelStudio.Benchmarks.Analytics.AnalyticsRun.RunAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(ColdLoad).Assembly).Run(args);
return 0;
