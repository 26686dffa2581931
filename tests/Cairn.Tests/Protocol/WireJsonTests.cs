using System.Buffers;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Tests.Protocol;

/// <summary>The gateway's hand-written <see cref="SessionEntry"/> writer writes exactly what the general serializer writes.</summary>
public sealed class WireJsonTests
{
    private static readonly SessionEntry Minimal = new("work", "9b1f", "Work", null, false, true, SessionKind.Named, 1, 2, null, 0, 0, 0, 1, null);

    private static readonly SessionEntry Full = new(
        "projekt-x", "0c2e-ü", "Projekt \"X\" <b>& ü 🙂", "notes\nwith\ttabs \\ and </script>", true, false, SessionKind.Peer,
        1_795_000_000_000, 1_795_000_000_001, 1_795_000_000_002, 42, 1_000_000_000_000, 7, 9, "Be brief. ü",
        ContextTokens: 1234, ContextWindow: 8192, ArchivedAt: 5, TrashedAt: 6, Model: "local-llama",
        ForkedFrom: new SessionOrigin("work", "9b1f", 17))
    {
        EffectiveModel = "local-llama",
        Pinned = true,
        Tags = ["home", "x-ray", "ü"],
    };

    public static TheoryData<string> Entries => ["minimal", "full", "main"];

    [Theory]
    [MemberData(nameof(Entries))]
    public void Entry_IsWrittenAsTheGeneralSerializerWritesIt(string which)
    {
        var entry = Pick(which);

        Assert.Equal(JsonSerializer.Serialize(entry, ProtocolJson.Options), JsonSerializer.Serialize(entry, WireJson.Options));
    }

    [Fact]
    public void AListPage_ThroughAWriterWithItsOwnEncoder_IsTheSame()
    {
        // The WebSocket frames are written into a Utf8JsonWriter of their own (default encoder), as PooledFrame does.
        var page = new SessionsListResult([Full, Minimal, Pick("main")], "cursor", 3, null);

        Assert.Equal(Write(page, ProtocolJson.Options), Write(page, WireJson.Options));
    }

    [Fact]
    public void TheWriter_KnowsEveryPropertyTheGeneralSerializerHas()
    {
        var general = ProtocolJson.Options.GetTypeInfo(typeof(SessionEntry)).Properties.Select(p => p.Name).Order(StringComparer.Ordinal);
        using var written = JsonDocument.Parse(JsonSerializer.Serialize(Full, WireJson.Options));

        // A property added to SessionEntry must be added to WireJson's writer (and set in Full above).
        Assert.Equal(general, written.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reading_IsTheGeneralReader()
    {
        var json = JsonSerializer.Serialize(Full, WireJson.Options);

        Assert.Equal(Full, JsonSerializer.Deserialize<SessionEntry>(json, WireJson.Options));
    }

    private static SessionEntry Pick(string which) => which switch
    {
        "minimal" => Minimal,
        "full" => Full,
        _ => Minimal with { Key = "main", Kind = SessionKind.Main, Description = "", EffectiveModel = "echo", Tags = [] },
    };

    private static string Write(object value, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            JsonSerializer.Serialize(writer, value, options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
