using System.CommandLine;
using Cairn.Client;

namespace Cairn.Cli;

/// <summary>The shared body of a client command: resolve the gateway, call, print text or JSON, exit code.</summary>
internal static class ClientRun
{
    public static void SetAction(Command command, ClientOptions options, Func<ParseResult, ClientContext, CancellationToken, Task<int>> body) =>
        command.SetAction(async (result, ct) =>
        {
            var settings = options.Resolve(result);
            var output = CliOutput.ForConsole();
            using var api = new CairnHttpClient(settings.Url, settings.Token, TimeSpan.FromSeconds(60));
            try
            {
                return await body(result, new ClientContext(settings, api, output), ct);
            }
            catch (GatewayUnreachableException ex)
            {
                return output.Fail(ex, settings.UrlFile);
            }
        });

    /// <summary>Calls one method; prints its result with <paramref name="print"/>, or as JSON with --json.</summary>
    public static async Task<int> CallAsync<T>(ClientContext client, string method, object parameters, Action<T> print, CancellationToken ct) =>
        Print(client, await client.Api.RequestAsync<T>(method, parameters, ct), print);

    /// <summary>Prints a reply: the error and its exit code, or the result as text or (with --json) JSON.</summary>
    public static int Print<T>(ClientContext client, RpcReply<T> reply, Action<T> print)
    {
        if (reply.Error is { } error)
        {
            return client.Output.Fail(client.Explain(error));
        }

        if (client.Settings.Json)
        {
            client.Output.Json(reply.Value!);
        }
        else
        {
            print(reply.Value!);
        }

        return ExitCodes.Ok;
    }
}
