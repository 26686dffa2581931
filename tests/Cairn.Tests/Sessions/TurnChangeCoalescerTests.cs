using Cairn.Sessions;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sessions;

public sealed class TurnChangeCoalescerTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void TheFirstTurnIsAnnouncedAtOnce_TheTurnsInItsWindowOnceWhenItCloses()
    {
        var clock = new TimerClock();
        using var turns = new TurnChangeCoalescer(clock, Window);
        var told = new List<string>();

        turns.Touch("work", told.Add);
        Assert.Equal(["work"], told);

        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(20));
            turns.Touch("work", told.Add);
        }

        Assert.Single(told);
        clock.Advance(Window);
        Assert.Equal(["work", "work"], told);

        // The window stayed open one more round for what might come; a quiet round closes it.
        Assert.Equal(1, turns.OpenWindows);
        clock.Advance(Window);
        Assert.Equal(0, turns.OpenWindows);
        Assert.Equal(2, told.Count);

        turns.Touch("work", told.Add);
        Assert.Equal(3, told.Count);
    }

    [Fact]
    public void EachSessionHasItsOwnWindow()
    {
        var clock = new TimerClock();
        using var turns = new TurnChangeCoalescer(clock, Window);
        var told = new List<string>();

        turns.Touch("work", told.Add);
        turns.Touch("home", told.Add);
        turns.Touch("work", told.Add);

        Assert.Equal(["work", "home"], told);
        clock.Advance(Window);
        Assert.Equal(["work", "home", "work"], told);
    }

    [Fact]
    public void ANoughtWindow_AnnouncesEveryTurn()
    {
        using var turns = new TurnChangeCoalescer(new TimerClock(), TimeSpan.Zero);
        var told = new List<string>();

        for (var i = 0; i < 3; i++)
        {
            turns.Touch("work", told.Add);
        }

        Assert.Equal(3, told.Count);
        Assert.Equal(0, turns.OpenWindows);
    }

    [Fact]
    public void AfterDispose_NothingMoreIsAnnounced()
    {
        var clock = new TimerClock();
        var turns = new TurnChangeCoalescer(clock, Window);
        var told = new List<string>();
        turns.Touch("work", told.Add);
        turns.Touch("work", told.Add);

        turns.Dispose();
        clock.Advance(Window);
        turns.Touch("work", told.Add);

        Assert.Single(told);
    }
}
