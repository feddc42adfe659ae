using System.Text;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>A markdown table, padded so it also reads well in a terminal. The first column is left-aligned, the rest right.</summary>
public sealed class MarkdownTable(params string[] headers)
{
    private readonly string[] _headers = headers;
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"A row needs {_headers.Length} cells, not {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = _headers.Select((h, i) => Math.Max(3, _rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder();
        Line(text, _headers, widths);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
        {
            text.Append(i == 0 ? ' ' + new string('-', widths[i]) + " |" : ' ' + new string('-', widths[i] - 1) + ": |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        }

        text.AppendLine();
    }
}
