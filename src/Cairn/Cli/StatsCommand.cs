using System.CommandLine;
using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn stats [key] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]</c>: <c>analytics.session</c> for a key, else
/// <c>analytics.overview</c>, as tables (days are UTC dates) or the method's result as JSON.
/// </summary>
public static class StatsCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var key = new Argument<string?>("key") { Description = "A session's key: its numbers; without it, the gateway's.", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "First UTC day, YYYY-MM-DD (default: 29 days before --to)." };
        var to = new Option<string?>("--to") { Description = "Last UTC day, YYYY-MM-DD (default: today)." };
        var command = options.AddTo(new Command("stats", "Usage numbers: a session's messages, tokens, cost, replies and timings, or the gateway's overview.")
        {
            key, from, to,
        });

        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            if (result.GetValue(key) is { } sessionKey)
            {
                var reply = await client.Api.RequestAsync<AnalyticsSessionResult>("analytics.session",
                    new AnalyticsSessionParams(sessionKey, result.GetValue(from), result.GetValue(to)), ct);
                if (reply.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                if (client.Settings.Json)
                {
                    client.Output.Json(reply.Result);
                }
                else
                {
                    StatsView.Session(client.Output, reply.Result);
                }

                return ExitCodes.Ok;
            }

            var overview = await client.Api.RequestAsync<AnalyticsOverviewResult>("analytics.overview",
                new AnalyticsOverviewParams(result.GetValue(from), result.GetValue(to)), ct);
            if (overview.Error is { } failed)
            {
                return client.Output.Fail(client.Explain(failed));
            }

            if (client.Settings.Json)
            {
                client.Output.Json(overview.Result);
            }
            else
            {
                StatsView.Overview(client.Output, overview.Result);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
