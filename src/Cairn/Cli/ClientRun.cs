using System.CommandLine;
using System.Text.Json;

namespace Cairn.Cli;

/// <summary>The shared body of a client command: resolve the gateway, call, print text or JSON, exit code.</summary>
internal static class ClientRun
{
    public static void SetAction(Command command, ClientOptions options, Func<ParseResult, GatewayClient, CliOutput, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, ct) =>
        {
            using var client = new GatewayClient(options.Resolve(result));
            return await body(result, client, CliOutput.ForConsole(), ct);
        });

    /// <summary>Calls one method; prints its result with <paramref name="print"/>, or as JSON with --json.</summary>
    public static async Task<int> CallAsync(GatewayClient client, CliOutput output, string method, object parameters, Action<JsonElement> print,
        CancellationToken ct) =>
        Print(client, output, await client.CallAsync(method, parameters, ct), print);

    /// <summary>Prints a reply: the error and its exit code, or the result as text or (with --json) JSON.</summary>
    public static int Print(GatewayClient client, CliOutput output, GatewayReply reply, Action<JsonElement> print)
    {
        if (!reply.Ok)
        {
            return output.Fail(reply);
        }

        if (client.Settings.Json)
        {
            output.Json(reply.Result);
        }
        else
        {
            print(reply.Result);
        }

        return ExitCodes.Ok;
    }
}
