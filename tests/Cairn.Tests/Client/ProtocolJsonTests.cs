using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Tests.Client;

/// <summary>The wire's JSON options read back what they write, so a client can deserialize what the gateway serializes.</summary>
public sealed class ProtocolJsonTests
{
    [Fact]
    public void AnEntryWithNullFields_IsWrittenWithoutThem_AndReadsBackEqual()
    {
        var entry = new SessionEntry("k", "id", "L", null, true, true, SessionKind.Named, 1, 2, null, 0, 0, 0, 1, null);

        var json = JsonSerializer.Serialize(entry, ProtocolJson.Options);

        Assert.DoesNotContain("description", json, StringComparison.Ordinal);
        Assert.Equal(entry, JsonSerializer.Deserialize<SessionEntry>(json, ProtocolJson.Options));
    }

    [Fact]
    public void AnUnsetMaybe_IsNotWritten_ASetNullIs()
    {
        Assert.Equal("""{"key":"k","persistent":false}""", JsonSerializer.Serialize(new SessionsPatchParams("k", Persistent: false), ProtocolJson.Options));
        Assert.Equal("""{"key":"k","description":null}""", JsonSerializer.Serialize(new SessionsPatchParams("k", Description: null), ProtocolJson.Options));
    }

    [Fact]
    public void ARequiredField_IsStillRequired()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SessionEntry>("""{"key":"k"}""", ProtocolJson.Options));
    }
}
