using Cairn.Config;
using Cairn.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Hosting;

/// <summary>
/// The gateway's log: one line of text per event, or one JSON object per line (ASP.NET Core's JSON console
/// formatter) for journald, Loki, Vector and friends; a minimum level overall, per category from config. Lines go out
/// through <see cref="ConsoleLineLoggerProvider"/> (batched writes) rather than ASP.NET Core's console logger.
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

        // The console formatters above, written through our batching writer instead of the console logger's queue.
        logging.Services.RemoveAll<ILoggerProvider>();
        logging.Services.AddSingleton<ILoggerProvider, ConsoleLineLoggerProvider>();
        logging.SetMinimumLevel(options.LogLevel);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        foreach (var (category, level) in options.Config.Gateway.LogLevels)
        {
            logging.AddFilter(category, level);
        }
    }
}
