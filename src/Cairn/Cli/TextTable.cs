using System.Globalization;
using System.Text;

namespace Cairn.Cli;

/// <summary>
/// Aligned columns for a terminal. Widths count what a terminal shows: combining marks take no column, East
/// Asian wide characters and emoji take two, so a label like "Café ☕" does not push its row out of line.
/// </summary>
public static class TextTable
{
    /// <summary>
    /// The lines of the table. <paramref name="paint"/> may colour a cell (row index, column, text); padding is
    /// computed on the plain text, so colour codes do not break alignment.
    /// </summary>
    public static IReadOnlyList<string> Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows,
        Func<int, int, string, string>? paint = null)
    {
        var widths = headers.Select((h, c) => rows.Select(r => Width(r[c])).Prepend(Width(h)).Max()).ToArray();
        var lines = new List<string> { Line(headers, widths, -1, paint) };
        for (var r = 0; r < rows.Count; r++)
        {
            lines.Add(Line(rows[r], widths, r, paint));
        }

        return lines;
    }

    /// <summary>Columns a terminal uses to show <paramref name="text"/>.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            width += category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format ? 0 : IsWide(rune.Value) ? 2 : 1;
        }

        return width;
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths, int row, Func<int, int, string, string>? paint)
    {
        var line = new StringBuilder();
        for (var c = 0; c < cells.Count; c++)
        {
            var text = cells[c];
            var padded = c == cells.Count - 1 ? "" : new string(' ', widths[c] - Width(text) + 2);
            line.Append(paint is null ? text : paint(row, c, text)).Append(padded);
        }

        return line.ToString();
    }

    private static bool IsWide(int c) =>
        c is (>= 0x1100 and <= 0x115F) or (>= 0x2E80 and <= 0x303E) or (>= 0x3041 and <= 0x33FF) or (>= 0x3400 and <= 0x4DBF)
            or (>= 0x4E00 and <= 0x9FFF) or (>= 0xA000 and <= 0xA4CF) or (>= 0xAC00 and <= 0xD7A3) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0xFE30 and <= 0xFE4F) or (>= 0xFF00 and <= 0xFF60) or (>= 0xFFE0 and <= 0xFFE6)
            or (>= 0x1F300 and <= 0x1F64F) or (>= 0x1F900 and <= 0x1F9FF) or (>= 0x20000 and <= 0x3FFFD)
            // Emoji that terminals draw two columns wide even in the Basic Multilingual Plane (☕, ⌚, ⭐ …).
            or 0x231A or 0x231B or (>= 0x23E9 and <= 0x23EC) or 0x23F0 or 0x23F3 or 0x25FD or 0x25FE or 0x2614 or 0x2615
            or (>= 0x2648 and <= 0x2653) or 0x267F or 0x2693 or 0x26A1 or 0x26AA or 0x26AB or 0x26BD or 0x26BE or 0x26C4 or 0x26C5
            or 0x26CE or 0x26D4 or 0x26EA or 0x26F2 or 0x26F3 or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or 0x270A or 0x270B
            or 0x2728 or 0x274C or 0x274E or (>= 0x2753 and <= 0x2755) or 0x2757 or (>= 0x2795 and <= 0x2797) or 0x27B0 or 0x27BF
            or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55;
}
