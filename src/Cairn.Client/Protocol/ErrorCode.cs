using System.Text.Json.Serialization;

namespace Cairn.Protocol;

/// <summary>
/// Every error a client can receive, on both transports. The wire name is the SCREAMING_SNAKE form;
/// <see cref="ErrorCodes.HttpStatus"/> gives the HTTP status. Documented in docs/api/sessions.md.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ErrorCode>))]
public enum ErrorCode
{
    /// <summary>Malformed frame, unknown or wrongly typed parameter, value out of range.</summary>
    [JsonStringEnumMemberName("INVALID_REQUEST")] InvalidRequest,
    /// <summary>No token, or a wrong one.</summary>
    [JsonStringEnumMemberName("UNAUTHORIZED")] Unauthorized,
    /// <summary>Authenticated but not allowed (e.g. a cross-site WebSocket origin).</summary>
    [JsonStringEnumMemberName("FORBIDDEN")] Forbidden,
    /// <summary>No such session, method or message.</summary>
    [JsonStringEnumMemberName("NOT_FOUND")] NotFound,
    /// <summary>Label or key taken, <c>expectedRev</c> mismatch, ambiguous name, a run already active.</summary>
    [JsonStringEnumMemberName("CONFLICT")] Conflict,
    /// <summary>The session is persistent, so it cannot be reset.</summary>
    [JsonStringEnumMemberName("SESSION_PERSISTENT")] SessionPersistent,
    /// <summary>The session is <c>main</c>, which cannot be deleted, archived or purged.</summary>
    [JsonStringEnumMemberName("SESSION_PROTECTED")] SessionProtected,
    /// <summary>Named sessions are switched off by <c>session.namedSessionsEnabled: false</c>.</summary>
    [JsonStringEnumMemberName("FEATURE_DISABLED")] FeatureDisabled,
    /// <summary>A body or frame larger than the limit.</summary>
    [JsonStringEnumMemberName("PAYLOAD_TOO_LARGE")] PayloadTooLarge,
    /// <summary>Too many requests, failed logins or unanswered requests.</summary>
    [JsonStringEnumMemberName("RATE_LIMITED")] RateLimited,
    /// <summary>The gateway cannot serve now (shutting down, provider unreachable).</summary>
    [JsonStringEnumMemberName("UNAVAILABLE")] Unavailable,
    /// <summary>A bug on our side; the log has the details.</summary>
    [JsonStringEnumMemberName("INTERNAL")] Internal,
}

public static class ErrorCodes
{
    public static int HttpStatus(this ErrorCode code) => code switch
    {
        ErrorCode.InvalidRequest => 400,
        ErrorCode.Unauthorized => 401,
        ErrorCode.Forbidden or ErrorCode.FeatureDisabled => 403,
        ErrorCode.NotFound => 404,
        ErrorCode.Conflict or ErrorCode.SessionPersistent or ErrorCode.SessionProtected => 409,
        ErrorCode.PayloadTooLarge => 413,
        ErrorCode.RateLimited => 429,
        ErrorCode.Unavailable => 503,
        _ => 500,
    };

    /// <summary>The wire name, e.g. <c>SESSION_PERSISTENT</c>.</summary>
    public static string WireName(this ErrorCode code) =>
        System.Text.Json.JsonSerializer.Serialize(code).Trim('"');
}
