using System.Globalization;
using Cairn.Config;
using Cairn.Protocol;

namespace Cairn.Sessions;

/// <summary>
/// The automatic reset rule (<c>session.reset</c>): daily at <c>atHour</c> in the gateway's local time, or after
/// <c>idleMinutes</c> without a message. Persistent sessions and sessions without conversation are never due.
/// </summary>
public sealed class ResetPolicy(CairnConfig config, TimeProvider time)
{
    private ResetPolicyConfig Rule => config.Session.Reset;

    /// <summary>The notice to put in the new transcript when <paramref name="session"/> is due now, else null.</summary>
    public string? NoticeIfDue(SessionEntry session)
    {
        if (session.Persistent || session.MessageCount == 0 || session.LastMessageAt is not { } lastMs || Rule.Mode == ResetMode.Off)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var last = DateTimeOffset.FromUnixTimeMilliseconds(lastMs);
        return Rule.Mode switch
        {
            ResetMode.Daily when last < LastDailyBoundary(now) =>
                $"Reset by the daily policy at {Rule.AtHour.ToString("00", CultureInfo.InvariantCulture)}:00; earlier conversation kept.",
            ResetMode.Idle when now - last >= TimeSpan.FromMinutes(Rule.IdleMinutes) =>
                $"Reset after {Rule.IdleMinutes} minutes without messages (idle policy); earlier conversation kept.",
            _ => null,
        };
    }

    /// <summary>Sessions whose last message is before this may be due (the sweep's coarse filter); null when the policy is off.</summary>
    public DateTimeOffset? DueBefore()
    {
        var now = time.GetUtcNow();
        return Rule.Mode switch
        {
            ResetMode.Daily => LastDailyBoundary(now),
            ResetMode.Idle => now - TimeSpan.FromMinutes(Rule.IdleMinutes),
            _ => null,
        };
    }

    /// <summary>The most recent <c>atHour</c>:00 in local time at or before <paramref name="now"/>.</summary>
    private DateTimeOffset LastDailyBoundary(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, time.LocalTimeZone);
        var todayLocal = local.Date.AddHours(Rule.AtHour);
        var boundary = new DateTimeOffset(todayLocal, time.LocalTimeZone.GetUtcOffset(todayLocal));
        return boundary <= now ? boundary : boundary.AddDays(-1);
    }
}
