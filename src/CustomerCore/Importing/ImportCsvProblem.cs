namespace CustomerCore.Importing;

/// <summary>What is wrong with a line that is not well-formed CSV; see <see cref="CustomerErrorDescriber.ImportMalformedCsv"/>.</summary>
public enum ImportCsvProblem
{
    /// <summary>The CSV reader refused the line for a reason of its own.</summary>
    Other,

    /// <summary>A quoted field is never closed.</summary>
    UnterminatedQuote,

    /// <summary>A quote in the middle of an unquoted field; it is kept as text (a warning).</summary>
    StrayQuote,
}
