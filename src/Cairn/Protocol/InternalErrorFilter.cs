using Cairn.Store;

namespace Cairn.Protocol;

/// <summary>
/// The transport boundary of a method call: an exception is a bug, so it is logged and answered INTERNAL without
/// details; a call cancelled because its connection or the gateway is closing is answered UNAVAILABLE, and so is a
/// store that cannot write (disk full, read-only: <see cref="StoreUnavailableException"/>), with the reason.
/// </summary>
public sealed class InternalErrorFilter(ILogger<InternalErrorFilter> logger) : IMethodFilter
{
    public async Task<Outcome<object>> InvokeAsync(MethodCall request, MethodInvoker inner)
    {
        try
        {
            return await inner(request);
        }
        catch (OperationCanceledException) when (request.Cancellation.IsCancellationRequested)
        {
            return new MethodError(ErrorCode.Unavailable, "The request was cancelled because the connection or gateway is closing.");
        }
        catch (StoreUnavailableException ex)
        {
            // Not a bug: the disk is full or read-only. Say so, with the reason, instead of INTERNAL.
            Log.StoreUnavailable(logger, request.Context.Transport, request.Name, ex.Reason, ex.Message);
            return new MethodError(ErrorCode.Unavailable, ex.Message, new Dictionary<string, object?> { ["reason"] = ex.Reason });
        }
        catch (StoreInputException ex)
        {
            // Not a bug: a value the PostgreSQL store cannot keep (text with U+0000).
            return new MethodError(ErrorCode.InvalidRequest, ex.Message);
        }
        catch (Exception ex)
        {
            Log.RequestFailed(logger, request.Context.Transport, request.Name, ex);
            return new MethodError(ErrorCode.Internal, "Internal error; the gateway log has the details.");
        }
    }
}
