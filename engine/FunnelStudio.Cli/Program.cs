using System.Text;

Console.OutputEncoding = Encoding.UTF8;
return FunnelStudio.Cli.CliApp.Run(args);
