using Cairn.Protocol;

namespace Cairn.OpenAi;

/// <summary>
/// An error in OpenAI's shape, <c>{"error": {"message", "type", "param", "code"}}</c>, with its HTTP status. The
/// <c>code</c> is Cairn's error code in lower case (<c>session_persistent</c>), or one of OpenAI's own where the
/// meaning is the same (<c>invalid_api_key</c>, <c>model_not_found</c>); docs/api/openai.md lists them all.
/// </summary>
public sealed record OpenAiError(int Status, string Message, string Type, string Code, string? Param = null)
{
    public const string ModelNotFound = "model_not_found";
    public const string InvalidApiKey = "invalid_api_key";
    public const string ProviderError = "provider_error";

    /// <summary>A Cairn error as an OpenAI client expects it: the same status, OpenAI's error type for it.</summary>
    public static OpenAiError From(MethodError error, string? param = null) => new(
        error.Code.HttpStatus(), error.Message, TypeOf(error.Code), error.Code.WireName().ToLowerInvariant(),
        param ?? (error.Details?.TryGetValue("field", out var field) == true ? field as string : null));

    public static OpenAiError Invalid(string message, string? param = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", "invalid_request", param);

    public static OpenAiError NoSuchModel(string message) =>
        new(StatusCodes.Status404NotFound, message, "invalid_request_error", ModelNotFound, "model");

    /// <summary>The body, shaped as OpenAI's: also what a streaming response sends as an SSE event once it has begun.</summary>
    public object Body => new { error = new { message = Message, type = Type, param = Param, code = Code } };

    public IResult ToResult() => Results.Json(Body, OpenAiJson.Options, statusCode: Status);

    // No discard arm: a new ErrorCode must be given a type here (CS8509). Only unnamed values are left out.
#pragma warning disable CS8524
    private static string TypeOf(ErrorCode code) => code switch
    {
        ErrorCode.InvalidRequest or ErrorCode.NotFound or ErrorCode.Conflict or ErrorCode.SessionPersistent
            or ErrorCode.SessionProtected or ErrorCode.PayloadTooLarge => "invalid_request_error",
        ErrorCode.Unauthorized => "authentication_error",
        ErrorCode.Forbidden or ErrorCode.FeatureDisabled => "permission_error",
        ErrorCode.RateLimited => "rate_limit_error",
        ErrorCode.Unavailable or ErrorCode.Internal => "server_error",
    };
#pragma warning restore CS8524
}
