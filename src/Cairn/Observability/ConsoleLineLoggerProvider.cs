using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Cairn.Observability;

/// <summary>
/// The gateway's console logger: lines formatted by ASP.NET Core's own console formatters (the simple one-line text
/// or the JSON one, with colours on a terminal: the output is what <c>AddSimpleConsole</c>/<c>AddJsonConsole</c> print),
/// written through <see cref="LogLineWriter"/> instead of the console logger's per-line queue. Registered in place of
/// <see cref="ConsoleLoggerProvider"/> by <see cref="Hosting.GatewayLogging"/>.
/// </summary>
[ProviderAlias("Console")]
public sealed class ConsoleLineLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConsoleFormatter _formatter;
    private readonly LogLevel _errorThreshold;
    private readonly LogLineWriter _writer;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConsoleLineLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters)
        : this(options, formatters, LogLineWriter.ForConsole())
    {
    }

    public ConsoleLineLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, LogLineWriter writer)
    {
        var name = options.CurrentValue.FormatterName ?? ConsoleFormatterNames.Simple;
        _formatter = formatters.FirstOrDefault(f => f.Name == name)
            ?? throw new InvalidOperationException($"No console log formatter named '{name}' is registered.");
        _errorThreshold = options.CurrentValue.LogToStandardErrorThreshold;
        _writer = writer;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _writer.Dispose();

    private sealed class Logger(string category, ConsoleLineLoggerProvider provider) : ILogger
    {
        [ThreadStatic]
        private static StringWriter? _line;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = _line ??= new StringWriter(new StringBuilder(256));
            var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
            provider._formatter.Write(in entry, provider._scopes, line);
            var text = line.GetStringBuilder();
            if (text.Length == 0)
            {
                return;
            }

            var formatted = text.ToString();
            text.Clear();
            if (text.Capacity > 4096)
            {
                text.Capacity = 4096;
            }

            provider._writer.Enqueue(formatted, logLevel >= provider._errorThreshold);
        }
    }
}
