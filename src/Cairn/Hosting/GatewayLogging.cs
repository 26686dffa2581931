using Cairn.Config;
using Microsoft.Extensions.Logging.Console;

namespace Cairn.Hosting;

/// <summary>
/// The gateway's log: one line of text per event, or one JSON object per line (ASP.NET Core's JSON console
/// formatter) for journald, Loki, Vector and friends; a minimum level overall, per category from config.
/// </summary>
public static class GatewayLogging
{
    public static void Configure(ILoggingBuilder logging, GatewayStartOptions options)
    {
        logging.ClearProviders();
        if (options.LogFormat == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }

        // Console output is written on a background queue; at the default size a burst of requests can block.
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.MaxQueueLength = 10_000);
        logging.SetMinimumLevel(options.LogLevel);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        foreach (var (category, level) in options.Config.Gateway.LogLevels)
        {
            logging.AddFilter(category, level);
        }
    }
}
