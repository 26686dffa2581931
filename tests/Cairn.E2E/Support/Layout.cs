namespace Cairn.E2E.Support;

/// <summary>Geometry checks a user would notice: something drawn over a control.</summary>
public static class Layout
{
    /// <summary>Asserts that <paramref name="cover"/> (a toast) overlaps none of <paramref name="controls"/>.</summary>
    public static async Task ExpectNotCoveredAsync(ILocator cover, params ILocator[] controls)
    {
        var over = await cover.BoundingBoxAsync() ?? throw new InvalidOperationException("nothing to check: the cover has no box");
        foreach (var control in controls)
        {
            var box = await control.BoundingBoxAsync() ?? throw new InvalidOperationException("a control has no box");
            var overlaps = box.X < over.X + over.Width && over.X < box.X + box.Width
                && box.Y < over.Y + over.Height && over.Y < box.Y + box.Height;
            Assert.False(overlaps, $"{over.X},{over.Y} {over.Width}x{over.Height} covers a control at {box.X},{box.Y} {box.Width}x{box.Height}");
        }
    }
}
