using Cairn.Cli;

return await CliRoot.Build().Parse(args).InvokeAsync();
