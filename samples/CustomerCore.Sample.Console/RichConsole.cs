using Spectre.Console;
using Spectre.Console.Rendering;

namespace CustomerCore.Sample.Console;

/// <summary>
/// Tables and colour for a person at a terminal (Spectre.Console). Output that is redirected — to a file, a pipe, a
/// script or a test — keeps the plain lines, one record per line, so nothing that reads them breaks. <c>NO_COLOR</c>
/// (any value) turns colour off and keeps the tables.
/// </summary>
internal sealed class RichConsole
{
    private readonly IAnsiConsole _console;

    private RichConsole(IAnsiConsole console)
    {
        _console = console;
    }

    /// <summary>Whether stderr is a terminal, so a progress bar drawn there is seen and not left in a log.</summary>
    public static bool StderrIsTerminal => !System.Console.IsErrorRedirected;

    /// <summary>A rich console over <paramref name="terminal"/> (the raw stdout) when stdout is a terminal; otherwise null.</summary>
    public static RichConsole? ForStdout(TextWriter terminal)
    {
        if (System.Console.IsOutputRedirected)
        {
            return null;
        }

        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new RichConsole(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal),
            // Spectre cannot tell that this writer is the terminal (it is not Console.Out, which is the escaping writer); it is.
            Ansi = AnsiSupport.Yes,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        }));
    }

    /// <summary>
    /// A table of <paramref name="rows"/> under <paramref name="headers"/>. Every cell is plain text, never markup, and is
    /// escaped like every other byte the CLI prints (TerminalSafeWriter): this writer bypasses it to draw the borders.
    /// </summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (IRenderable)new Text(TerminalSafeWriter.Escape(cell ?? string.Empty))).ToArray());
        }

        _console.Write(table);
    }

    /// <summary>A line in a colour (a heading, a hint); plain when colour is off.</summary>
    public void Line(string text, Color colour) => _console.Write(new Text(TerminalSafeWriter.Escape(text) + Environment.NewLine, new Style(colour)));
}
