using CustomerCore.ChangeFeed;
using System.Text.Json;
using CsvHelper;
using CustomerCore.Customers;
using CustomerCore.Stores;

namespace CustomerCore.Importing;

public sealed partial class CustomerImporter
{
    private static readonly CustomerImportField[] IdentifyingFields =
    [
        CustomerImportField.Email, CustomerImportField.Phone, CustomerImportField.CustomerCode, CustomerImportField.FirstName,
        CustomerImportField.LastName, CustomerImportField.DisplayName, CustomerImportField.CompanyName,
    ];

    private static readonly JsonSerializerOptions BeforeImageJson = new() { IgnoreReadOnlyProperties = true };

    /// <summary>The check pass: reads every row, decides what it would do and records issues; writes nothing to the
    /// store. When applying, each decision goes into <paramref name="plan"/> for the write pass.</summary>
    private async Task<CustomerError?> CheckAsync(
        ImportRun run, ImportSource source, System.Text.Encoding? decodeAs, ImportWritePlan? plan, CancellationToken cancellationToken)
    {
        run.DecodeAs = decodeAs;
        run.EncodingName = source.EncodingName(decodeAs);
        var malformed = new List<CsvMalformedRecord>();
        var checkUtf8 = source.NeedsUtf8Check(decodeAs);
        try
        {
            using var reader = source.OpenReader(ReaderOptions(run.Options, decodeAs, malformed));
            await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
            var headers = reader.Headers;
            if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
            {
                return _describer.ImportEmptyFile();
            }

            if (checkUtf8 && headers.Any(h => h.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                return _describer.ImportInvalidEncoding(1);
            }

            run.Separator = reader.Separator;
            var mappingError = ResolveMapping(run, headers);
            if (mappingError is not null)
            {
                return mappingError;
            }

            var chunk = new List<ImportRow>(run.Options.ChunkSize);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (more, readError) = await ReadChunkAsync(reader, run, checkUtf8, malformed, chunk, cancellationToken).ConfigureAwait(false);
                if (readError is not null)
                {
                    return readError;
                }

                var outcomes = await EvaluateChunkAsync(run, chunk, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < outcomes.Count; i++)
                {
                    Tally(run, outcomes[i]);
                    if (plan is not null)
                    {
                        Plan(run, plan, chunk[i], outcomes[i], reader.ByteOffset);
                    }
                }

                run.Options.Progress?.Report(new ImportProgress(ImportStage.Checking, run.TotalRows, reader.ByteOffset, run.TotalBytes));
                chunk.Clear();
                if (!more)
                {
                    return null;
                }
            }
        }
        catch (CsvFormatException exception)
        {
            return await FileErrorAsync(exception, run, source, decodeAs, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.DecoderFallbackException) when (decodeAs is not null && decodeAs.Equals(source.UnmarkedUtf16))
        {
            return _describer.ImportInvalidUtf16WithoutByteOrderMark();
        }
    }

    /// <summary>Keeps what the write pass needs of one checked row: the customer to write, or a rejected row's cells
    /// when an error CSV was asked for.</summary>
    private static void Plan(ImportRun run, ImportWritePlan plan, ImportRow row, RowOutcome outcome, long fileOffset)
    {
        if (outcome.Errors > 0)
        {
            if (run.Options is { ErrorHandling: ImportErrorHandling.SkipInvalidRows, ErrorCsv: not null })
            {
                var reason = string.Join("; ", outcome.Issues.Where(i => i.Severity == ImportIssueSeverity.Error).Select(i => i.Message));
                plan.AddRejected(row.Line, fileOffset, row.Cells, reason);
            }
        }
        else if (outcome.Action is ImportRowAction.Create or ImportRowAction.Update)
        {
            plan.AddWrite(row.Line, fileOffset, outcome.Before, outcome.After!, outcome.Consents);
        }
    }

    /// <summary>
    /// The write pass: replays the plan in one transaction, a chunk per store round trip, and records the batch. Nothing
    /// is read from the file or decided again; the store refuses a row whose customer changed since the check (its
    /// version moved, or its email or code was taken meanwhile), and then nothing is written. Where the adapter can
    /// stage the writes (<see cref="IStagedStoreTransactionFactory"/>), they are prepared apart from the live store and
    /// merged in one short write at the commit, which checks the same things again.
    /// </summary>
    private async Task<WriteOutcome> WriteAsync(ImportRun run, ImportWritePlan plan, CancellationToken cancellationToken)
    {
        await using var errorCsv = plan.Rejected > 0
            ? CsvWriter.Create(run.Options.ErrorCsv!, CsvWriterOptions.Default with { WriteByteOrderMark = true, ValidateFieldCount = false }, leaveOpen: true)
            : null;
        errorCsv?.WriteRecord([.. run.Headers, "Line", "Error"]);

        ImportBatch? batch = null;
        int created = 0, updated = 0, rows = 0;
        await using var transaction = plan.Writes > 0 ? await BeginWriteAsync(run, plan, cancellationToken).ConfigureAwait(false) : null;
        foreach (var chunk in plan.Read(run.Options.ChunkSize, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var writes = new List<(Customer? Before, Customer After)>(chunk.Count);
            var writeLines = new List<long>(chunk.Count);
            var consents = new List<Privacy.ConsentRecord>();
            foreach (var row in chunk)
            {
                if (row.After is null)
                {
                    errorCsv?.WriteRecord([.. PadCells(row.Cells!, run.Headers.Count), row.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Errors!]);
                    continue;
                }

                writes.Add((row.Before, row.After));
                writeLines.Add(row.Line);
                consents.AddRange(row.Consents);
            }

            if (writes.Count > 0)
            {
                batch ??= await CreateBatchAsync(run, cancellationToken).ConfigureAwait(false);

                // One round trip per chunk for the customers, one for their consent records, one for the batch entries.
                var (error, failedIndex) = await _writer.WriteBatchAsync(
                    writes, consents, ChangeKind.CustomerImported, new ChangeOrigin(ImportBatchId: batch.Id), cancellationToken).ConfigureAwait(false);
                if (error is not null)
                {
                    var failed = failedIndex ?? Math.Max(await FindTakenKeyAsync(run, writes, cancellationToken).ConfigureAwait(false), 0);
                    return new WriteOutcome(null, 0, 0, _describer.ImportChangedDuringImport(writeLines[failed]));
                }

                // The writer stamped the versions the undo will expect.
                await _batches.AddEntriesAsync(writes.Select(w => new ImportBatchEntry
                {
                    BatchId = batch.Id,
                    MerchantId = run.MerchantId,
                    CustomerId = w.After.Id,
                    Change = w.Before is null ? ImportBatchChange.Created : ImportBatchChange.Updated,
                    VersionAfter = w.After.Version,
                    BeforeImage = w.Before is null ? null : JsonSerializer.Serialize(w.Before, BeforeImageJson),
                }).ToList(), cancellationToken).ConfigureAwait(false);
                created += writes.Count(w => w.Before is null);
                updated += writes.Count(w => w.Before is not null);
                await _recorder.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            rows += chunk.Count;
            run.Options.Progress?.Report(new ImportProgress(ImportStage.Writing, rows, chunk[^1].FileOffset, run.TotalBytes));
        }

        if (batch is not null && (batch.CreatedCount != created || batch.UpdatedCount != updated))
        {
            batch.CreatedCount = created;
            batch.UpdatedCount = updated;
            await _batches.UpdateAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        if (transaction is not null)
        {
            try
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (StagedWriteConflictException conflict)
            {
                return new WriteOutcome(null, 0, 0, _describer.ImportChangedDuringImport(await LineOfConflictAsync(run, plan, conflict, cancellationToken).ConfigureAwait(false)));
            }
        }

        if (errorCsv is not null)
        {
            await errorCsv.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return new WriteOutcome(batch?.Id, created, updated, null);
    }

    // A unit of work the host registered in place of core's knows nothing of staging: it gets an ordinary transaction.
    private Task<ICustomerCoreTransaction> BeginWriteAsync(ImportRun run, ImportWritePlan plan, CancellationToken cancellationToken) =>
        _unitOfWork is CustomerCoreUnitOfWork unitOfWork
            ? unitOfWork.BeginStagedAsync(run.MerchantId, plan.UpdatedCustomers, cancellationToken)
            : _unitOfWork.BeginAsync(cancellationToken);

    /// <summary>The file line of the row a staged merge refused: the customer that changed, else the first row whose
    /// email or code another customer took meanwhile (the first written line when neither can be found any more).</summary>
    private async Task<long> LineOfConflictAsync(ImportRun run, ImportWritePlan plan, StagedWriteConflictException conflict, CancellationToken cancellationToken)
    {
        long? firstLine = null;
        foreach (var chunk in plan.Read(run.Options.ChunkSize, cancellationToken))
        {
            var writes = chunk.Where(r => r.After is not null).ToList();
            firstLine ??= writes.FirstOrDefault()?.Line;
            var index = conflict.CustomerId is { } id
                ? writes.FindIndex(r => r.After!.Id == id)
                : await FindTakenKeyAsync(run, writes.Select(r => (r.Before, r.After!)).ToList(), cancellationToken).ConfigureAwait(false);
            if (index >= 0)
            {
                return writes[index].Line;
            }
        }

        return firstLine ?? 0;
    }

    /// <summary>The index of the first write whose email or code another customer took since the check (a store that
    /// reports only "duplicate" does not say which row it was), or -1.</summary>
    private async Task<int> FindTakenKeyAsync(ImportRun run, List<(Customer? Before, Customer After)> writes, CancellationToken cancellationToken)
    {
        var emails = writes.Select(w => w.After.NormalizedEmail).OfType<string>().ToList();
        var codes = writes.Select(w => w.After.NormalizedCustomerCode).OfType<string>().ToList();
        var emailOwners = (emails.Count == 0 ? [] : await _store.FindByNormalizedEmailsAsync(run.MerchantId, emails, cancellationToken).ConfigureAwait(false))
            .ToDictionary(c => c.NormalizedEmail!, c => c.Id, StringComparer.Ordinal);
        var codeOwners = (codes.Count == 0 ? [] : await _store.FindByNormalizedCustomerCodesAsync(run.MerchantId, codes, cancellationToken).ConfigureAwait(false))
            .ToDictionary(c => c.NormalizedCustomerCode!, c => c.Id, StringComparer.Ordinal);
        var index = writes.FindIndex(w =>
            (w.After.NormalizedEmail is { } email && emailOwners.TryGetValue(email, out var emailOwner) && emailOwner != w.After.Id) ||
            (w.After.NormalizedCustomerCode is { } code && codeOwners.TryGetValue(code, out var codeOwner) && codeOwner != w.After.Id));
        return index;
    }

    private async Task<ImportBatch> CreateBatchAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var batch = new ImportBatch
        {
            Id = Guid.CreateVersion7(run.Now),
            MerchantId = run.MerchantId,
            AppliedAt = run.Now,
            AppliedBy = run.Actor,
            SourceName = run.Options.SourceName,
            CreatedCount = run.Created,
            UpdatedCount = run.Updated,
            Status = ImportBatchStatus.Applied,
        };
        await _batches.CreateAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch;
    }

    private static string[] PadCells(string[] cells, int count) =>
        cells.Length >= count ? cells : [.. cells, .. Enumerable.Repeat(string.Empty, count - cells.Length)];

    private static CsvReaderOptions ReaderOptions(CustomerImportOptions options, System.Text.Encoding? decodeAs, List<CsvMalformedRecord>? malformed) =>
        CsvReaderOptions.Default with
        {
            TrackLineNumbers = true,
            MaxRecordSize = options.MaxRecordBytes,
            Encoding = decodeAs,
            SkipEmptyLines = true,
            TrimWhitespace = false,
            DetectSeparatorHint = true,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = malformed is null ? null : malformed.Add,
        };

    /// <summary>
    /// The error for a file the reader gave up on. A record too large to read is most often an unclosed quote that took
    /// the rest of the file with it; that is named as such, on the line where the quote opened, so the fix is obvious.
    /// </summary>
    private async Task<CustomerError> FileErrorAsync(
        CsvFormatException exception, ImportRun run, ImportSource source, System.Text.Encoding? decodeAs, CancellationToken cancellationToken)
    {
        if (!exception.Message.Contains("MaxRecordSize", StringComparison.Ordinal))
        {
            return _describer.ImportMalformedCsv(exception.LineNumber, ImportCsvProblem.Other);
        }

        long? quoteLine;
        try
        {
            quoteLine = await source.FindRunawayQuoteAsync(decodeAs, run.Separator, exception.LineNumber, run.Options.MaxRecordBytes, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (System.Text.DecoderFallbackException)
        {
            quoteLine = null;
        }

        return quoteLine is { } line
            ? _describer.ImportMalformedCsv(line, ImportCsvProblem.UnterminatedQuote)
            : _describer.ImportLimitExceeded(exception.LineNumber, ImportLimit.RecordBytes, run.Options.MaxRecordBytes);
    }

    private async Task<(bool More, CustomerError? Error)> ReadChunkAsync(
        CsvReader reader, ImportRun run, bool checkUtf8, List<CsvMalformedRecord>? malformed, List<ImportRow> chunk, CancellationToken cancellationToken)
    {
        while (chunk.Count < run.Options.ChunkSize)
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return (false, null);
            }

            var line = reader.LineNumber;
            if (malformed is { Count: > 0 })
            {
                foreach (var record in malformed)
                {
                    if (record.Reason == CsvMalformedReason.UnterminatedQuote)
                    {
                        return (false, _describer.ImportMalformedCsv(record.LineNumber, ImportCsvProblem.UnterminatedQuote));
                    }

                    var warning = _describer.ImportMalformedCsv(record.LineNumber, ImportCsvProblem.StrayQuote);
                    run.AddIssue(new ImportIssue(record.LineNumber, null, warning.Code, warning.Description, ImportIssueSeverity.Warning));
                }

                malformed.Clear();
            }

            if (checkUtf8 && !ImportSource.IsValidUtf8(reader.RawRecord))
            {
                return (false, _describer.ImportInvalidEncoding(line));
            }

            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i] = reader[i].ToString() ?? string.Empty;
            }

            chunk.Add(new ImportRow(line, cells));
        }

        return (true, null);
    }

    /// <summary>Chooses the field of each column from the explicit mapping or the recognised headers; unknown and
    /// repeated columns become warnings, a file with no identifying column an error.</summary>
    private CustomerError? ResolveMapping(ImportRun run, IReadOnlyList<string> headers)
    {
        if (headers.Count > run.Options.MaxColumns)
        {
            return _describer.ImportLimitExceeded(1, ImportLimit.HeaderColumns, run.Options.MaxColumns);
        }

        var requested = run.Options.Mapping;
        if (requested is not null)
        {
            if (requested.Count != headers.Count || requested.Select(m => m.Index).Distinct().Count() != headers.Count)
            {
                return _describer.ImportInvalidMappingColumnCount(headers.Count, requested.Count);
            }

            var mismatch = requested.FirstOrDefault(m => m.Index < 0 || m.Index >= headers.Count || !string.Equals(headers[m.Index].Trim(), m.Header.Trim(), StringComparison.Ordinal));
            if (mismatch is not null)
            {
                return _describer.ImportInvalidMappingHeader(mismatch.Index + 1, mismatch.Header);
            }
        }

        var byIndex = requested?.ToDictionary(m => m.Index, m => m.Field);
        var fieldByColumn = new CustomerImportField?[headers.Count];
        var mapping = new List<ImportColumnMapping>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            var field = byIndex is null ? CustomerImportHeaders.FieldOf(header) : byIndex[i];
            if (field is { } f && run.HeaderByField[(int)f] is not null)
            {
                var warning = _describer.ImportDuplicateColumn(header, f);
                run.AddIssue(new ImportIssue(1, header, warning.Code, warning.Description, ImportIssueSeverity.Warning));
                field = null;
            }
            else if (field is null && byIndex is null && !CustomerImportHeaders.IsKnownIgnored(header))
            {
                var warning = _describer.ImportUnknownColumn(header);
                run.AddIssue(new ImportIssue(1, header, warning.Code, warning.Description, ImportIssueSeverity.Warning));
            }

            if (field is { } mapped)
            {
                run.HeaderByField[(int)mapped] = header;
            }

            fieldByColumn[i] = field;
            mapping.Add(new ImportColumnMapping(i, header, field));
        }

        run.Headers = headers;
        run.FieldByColumn = fieldByColumn;
        run.Mapping = mapping;
        return IdentifyingFields.Any(f => run.HeaderByField[(int)f] is not null)
            ? null
            : _describer.ImportMissingIdentifyingColumn(IdentifyingFields.Select(CustomerCsvFormat.HeaderOf));
    }

    private static void Tally(ImportRun run, RowOutcome outcome)
    {
        run.TotalRows++;
        foreach (var issue in outcome.Issues)
        {
            run.AddIssue(issue);
        }

        if (outcome.Errors > 0)
        {
            run.RowsWithErrors++;
            return;
        }

        switch (outcome.Action)
        {
            case ImportRowAction.Create:
                run.Created++;
                break;
            case ImportRowAction.Update:
                run.Updated++;
                break;
            default:
                run.Unchanged++;
                return;
        }

        run.AddDiff(new ImportRowDiff(outcome.Line, outcome.Action, outcome.Before?.Id, outcome.Changes));
    }

    private sealed record WriteOutcome(Guid? BatchId, int Created, int Updated, CustomerError? Error);
}
