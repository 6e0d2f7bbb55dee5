using CustomerCore.Exporting;
using CustomerCore.Importing;

namespace CustomerCore.Sample.Console;

/// <summary><c>import FILE [--dry-run] [--skip-bad-rows] [--errors OUT.csv] [--undo BATCH]</c>, <c>import template FILE</c>, <c>export FILE</c>.</summary>
internal static class ImportCommands
{
    /// <summary>Rows with issues a person sees in text; <c>--json</c> has all the report holds.</summary>
    private const int MaxRowsInText = 50;

    public static async Task<int> ImportAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var importer = context.Get<CustomerImporter>();
        if (line.Option("--undo") is { } undoText)
        {
            line.RejectUnknownOptions();
            if (!Guid.TryParse(undoText, out var batchId))
            {
                throw new UsageException("--undo needs the batch id an import printed.");
            }

            var undone = await importer.UndoAsync(context.Merchant, batchId, cancellationToken);
            return undone.Succeeded
                ? context.Print(undone.Value!, $"Undid batch {batchId}: {undone.Value!.Removed} customer(s) removed, {undone.Value.Restored} restored.")
                : context.Fail(undone);
        }

        var file = CliContext.Word(line, 1, "the CSV file (or 'template FILE')");
        if (file == "template")
        {
            var target = CliContext.OutputFile(line, 2, "the file to write the template to");
            line.RejectUnknownOptions();
            await using (var stream = File.Create(target))
            {
                await CustomerImporter.WriteTemplateAsync(stream, cancellationToken);
            }

            return context.Print(new { template = target, header = CustomerImporter.TemplateHeader }, $"Wrote the import template to {target}.");
        }

        var dryRun = line.Switch("--dry-run");
        var skipBadRows = line.Switch("--skip-bad-rows");
        var errorsPath = line.Option("--errors") is { } errorsOption ? CliContext.CheckOutputFile(errorsOption, "--errors") : null;
        var windows1252 = line.Switch("--windows-1252");
        var createDuplicates = line.Switch("--create-duplicates");
        var progressLines = line.Switch("--progress");
        line.RejectUnknownOptions();
        if (!File.Exists(file))
        {
            throw new UsageException($"No such file: {file}");
        }

        if (errorsPath is not null && (!skipBadRows || dryRun))
        {
            throw new UsageException("--errors writes the rows an apply skipped; use it with --skip-bad-rows and without --dry-run.");
        }

        // A bar redrawn with carriage returns is for a person watching; in a redirected stderr (a log, a CI job) it would be
        // noise, so there only --progress asks for progress, as whole lines a program can read.
        var showProgress = !context.Json && RichConsole.StderrIsTerminal;
        IProgress<ImportProgress>? progress = showProgress ? new ProgressBar(context.Err, new FileInfo(file).Length)
            : progressLines ? new ProgressLines(context.Err, new FileInfo(file).Length)
            : null;
        await using var errorCsv = errorsPath is null ? null : File.Create(errorsPath);
        var options = new CustomerImportOptions
        {
            ErrorHandling = skipBadRows ? ImportErrorHandling.SkipInvalidRows : ImportErrorHandling.AllOrNothing,
            ErrorCsv = errorCsv,
            AllowWindows1252 = windows1252,
            CreatePossibleDuplicates = createDuplicates,
            SourceName = Path.GetFileName(file),
            Progress = progress,
        };

        await using var input = File.OpenRead(file);
        var result = dryRun
            ? await importer.DryRunAsync(context.Merchant, input, options, cancellationToken)
            : await importer.ApplyAsync(context.Merchant, input, options, cancellationToken);
        if (showProgress)
        {
            context.Err.WriteLine();
        }

        // A refused all-or-nothing import still carries its report: which rows are bad and why is the point of the answer.
        var report = result.TryGetError<ImportRefusedError>(out var refused) ? refused.Report : result.Value;
        if (report is null)
        {
            return context.Fail(result);
        }

        var refusal = result.Succeeded ? null : result.Errors[0];
        var hint = Hint(refusal, report, dryRun, skipBadRows);

        // A refused apply fails; so does a dry run that found row errors, so a script can check a file before importing it.
        // An apply that skipped bad rows (--skip-bad-rows) did what was asked and succeeds.
        var exitCode = refusal is not null || (report.Errors > 0 && (dryRun || !report.Applied)) ? 1 : 0;
        var json = new
        {
            succeeded = exitCode == 0,
            error = refusal is null ? null : new { code = refusal.Code, message = refusal.Description, field = refusal.Field },
            hint,
            batchId = report.BatchId,
            applied = report.Applied,
            created = report.Created,
            updated = report.Updated,
            unchanged = report.Unchanged,
            errors = report.Errors,
            warnings = report.Warnings,
            totalRows = report.TotalRows,
            mapping = report.Mapping,
            rows = report.Issues.Select(i => new { line = i.Line, column = i.Column, code = i.Code, message = i.Message, severity = i.Severity }),
            diffs = report.Rows,
            truncated = report.Truncated,
        };
        if (context.Json)
        {
            context.WriteJson(json);
        }
        else
        {
            context.Out.WriteLine($"{(dryRun ? "Dry run" : report.Applied ? "Applied" : "Not applied")}: {report.Created} to create, {report.Updated} to update, {report.Unchanged} unchanged, {report.Errors} error(s), {report.Warnings} warning(s) in {report.TotalRows} row(s).");
            foreach (var issue in report.Issues.Take(MaxRowsInText))
            {
                context.Out.WriteLine($"  line {issue.Line}{(issue.Column is null ? string.Empty : $", {issue.Column}")}: {issue.Severity.ToString().ToLowerInvariant()} {issue.Code}: {issue.Message}");
            }

            // Every row with errors has at least one issue and every warning is one, so fewer issues than that means the
            // report's list was cut at its limit (its Truncated flag also covers the per-row changes, which are not shown here).
            var issuesCut = report.Issues.Count < report.Errors + report.Warnings;
            if (report.Issues.Count > MaxRowsInText || issuesCut)
            {
                context.Out.WriteLine($"  ... more rows have issues than are listed here; run with --json for {(issuesCut ? "the first" : "all")} {report.Issues.Count}.");
            }

            if (report.BatchId is { } batch)
            {
                context.Out.WriteLine($"Batch {batch}; undo with: import --undo {batch}");
            }

            // One line on stderr says why the command failed, after the rows it is about.
            if (refusal is not null)
            {
                context.Err.WriteLine($"error: {refusal.Description} [{refusal.Code}]{(hint is null ? string.Empty : " " + hint)}");
            }
            else if (dryRun && report.Errors > 0)
            {
                context.Err.WriteLine($"error: {report.Errors} row(s) have errors (listed above). {hint}");
            }
        }

        return exitCode;
    }

    /// <summary>What to do next, naming this CLI's flags (the library's messages name none).</summary>
    private static string? Hint(CustomerError? refusal, ImportReport report, bool dryRun, bool skipBadRows)
    {
        if (refusal is not null)
        {
            return refusal.Code == CustomerErrorCodes.ImportHasErrors
                ? "Fix the rows listed, or import the valid ones with --skip-bad-rows (add --errors OUT.csv to keep the rejected rows)."
                : null;
        }

        if (!dryRun || report.Errors == 0)
        {
            return null;
        }

        return skipBadRows
            ? "An import with --skip-bad-rows would skip them and import the rest."
            : "An import would be refused; fix them, or import the valid rows with --skip-bad-rows.";
    }

    public static async Task<int> ExportAsync(CliContext context, CommandLine line, CancellationToken cancellationToken)
    {
        var file = CliContext.OutputFile(line, 1, "the file to export to");
        line.RejectUnknownOptions();
        await using var output = File.Create(file);
        var exported = await context.Get<CustomerExporter>().ExportAsync(context.Merchant, output, cancellationToken: cancellationToken);
        return exported.Succeeded
            ? context.Print(new { file, exported = exported.Value!.Exported }, $"Exported {exported.Value!.Exported} customer(s) to {file}.")
            : context.Fail(exported);
    }

    /// <summary>
    /// <c>--progress</c> where stderr is not a terminal: a line when a stage begins and at every further tenth of the file,
    /// <c>progress: Checking 40% 12000 rows</c>, so a wrapper or a log can follow a long import without control characters.
    /// </summary>
    private sealed class ProgressLines(TextWriter output, long totalBytes) : IProgress<ImportProgress>
    {
        private ImportStage? _stage;
        private int _tenths = -1;

        public void Report(ImportProgress value)
        {
            var total = value.TotalBytes ?? totalBytes;
            var tenths = total <= 0 ? 0 : (int)Math.Clamp(value.BytesProcessed * 10 / total, 0, 10);
            if (value.Stage == _stage && tenths <= _tenths)
            {
                return;
            }

            _stage = value.Stage;
            _tenths = tenths;
            output.WriteLine($"progress: {value.Stage} {tenths * 10}% {value.RowsProcessed} rows");
        }
    }

    /// <summary>A one-line progress bar on stderr, so stdout stays clean for the summary.</summary>
    private sealed class ProgressBar(TextWriter output, long totalBytes) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            var total = value.TotalBytes ?? totalBytes;
            var fraction = total <= 0 ? 0d : Math.Clamp((double)value.BytesProcessed / total, 0d, 1d);
            var filled = (int)(fraction * 30);
            output.Write($"\r{value.Stage,-8} [{new string('#', filled)}{new string('.', 30 - filled)}] {value.RowsProcessed} rows");
        }
    }
}
