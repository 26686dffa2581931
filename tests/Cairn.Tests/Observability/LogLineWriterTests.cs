using System.Text;
using Cairn.Config;
using Cairn.Hosting;
using Cairn.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Observability;

/// <summary>The gateway's console log writer: nothing lost or reordered, errors apart, lines queued while it writes go out in one write.</summary>
public sealed class LogLineWriterTests
{
    private static readonly Action<ILogger, string, Exception?> Hello = LoggerMessage.Define<string>(LogLevel.Information, new EventId(7), "hello {Name}");
    private static readonly Action<ILogger, Exception?> Hidden = LoggerMessage.Define(LogLevel.Debug, new EventId(8), "not shown at the default level");

    [Fact]
    public void LinesFromManyThreads_AllArrive_EachThreadsInOrder()
    {
        var output = new CountingWriter();
        using (var writer = new LogLineWriter(() => output, () => TextWriter.Null))
        {
            Parallel.For(0, 8, thread =>
            {
                for (var i = 0; i < 2_000; i++)
                {
                    writer.Enqueue($"{thread}:{i}\n", toError: false);
                }
            });
        }

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        foreach (var group in lines.Select(l => l.Split(':')).GroupBy(p => p[0]))
        {
            Assert.Equal(Enumerable.Range(0, 2_000), group.Select(p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void ErrorLines_GoToTheErrorStream()
    {
        var output = new CountingWriter();
        var error = new CountingWriter();
        using (var writer = new LogLineWriter(() => output, () => error))
        {
            writer.Enqueue("fine\n", toError: false);
            writer.Enqueue("broken\n", toError: true);
        }

        Assert.Equal("fine\n", output.Text);
        Assert.Equal("broken\n", error.Text);
    }

    [Fact]
    public void LinesQueuedWhileAWriteIsUnderway_GoOutTogether_InOneWrite()
    {
        var output = new CountingWriter { Gate = new ManualResetEventSlim(false) };
        using (var writer = new LogLineWriter(() => output, () => TextWriter.Null))
        {
            writer.Enqueue("first\n", toError: false);
            Assert.True(output.Entered.Wait(TimeSpan.FromSeconds(10)), "the writer never wrote the first line");
            for (var i = 0; i < 100; i++)
            {
                writer.Enqueue($"line {i}\n", toError: false);
            }

            output.Gate.Set();
        }

        Assert.Equal(2, output.Writes);
        Assert.Equal(101, output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void GatewayLogging_PrintsTheSimpleConsoleFormat_ThroughTheWriter()
    {
        var output = new CountingWriter();
        var services = new ServiceCollection();
        services.AddLogging(logging => GatewayLogging.Configure(logging, new GatewayStartOptions(Path.GetTempPath(), CairnConfig.Default)));
        services.AddSingleton(new LogLineWriter(() => output, () => TextWriter.Null));
        using (var provider = services.BuildServiceProvider())
        {
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger("Cairn.Test");
            Hello(logger, "there", null);
            Hidden(logger, null);
        }

        var line = Assert.Single(output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d\d:\d\d:\d\d info: Cairn\.Test\[7\] hello there$", line);
    }

    private sealed class CountingWriter : TextWriter
    {
        private readonly StringBuilder _text = new();

        public ManualResetEventSlim? Gate { get; init; }

        public ManualResetEventSlim Entered { get; } = new(false);

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(string? value)
        {
            lock (_text)
            {
                Writes++;
                _text.Append(value);
            }

            Entered.Set();
            Gate?.Wait(TimeSpan.FromSeconds(10));
        }
    }
}
