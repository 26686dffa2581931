using System.CommandLine;
using Cairn.Cli;

// Ctrl+C / SIGTERM cancel the running command's token; System.CommandLine then waits this long for it to finish
// before it ends the process (its default is 2 s: too short for `cairn chat` to send its abort on a busy machine,
// and for `cairn gateway run` to finish its runs and close the store within the host's 10 s shutdown timeout).
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) };
return await CliRoot.Build().Parse(args).InvokeAsync(invocation);
