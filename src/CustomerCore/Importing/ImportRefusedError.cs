namespace CustomerCore.Importing;

/// <summary>
/// An apply that wrote nothing: rows with errors under <see cref="ImportErrorHandling.AllOrNothing"/>
/// (<see cref="CustomerErrorCodes.ImportHasErrors"/>), or a write the store refused. The report says which rows and
/// why — the answer the person importing needs to fix the file.
/// </summary>
public sealed record ImportRefusedError : CustomerError
{
    /// <summary>Adds the report to an error made by the <see cref="CustomerErrorDescriber"/> or a store.</summary>
    public ImportRefusedError(CustomerError error, ImportReport report)
        : base(error)
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
    }

    /// <summary>The check of every row; <see cref="ImportReport.Applied"/> is false.</summary>
    public ImportReport Report { get; }
}
