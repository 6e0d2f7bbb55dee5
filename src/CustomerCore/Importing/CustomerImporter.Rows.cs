using CustomerCore.Customers;
using CustomerCore.Privacy;

namespace CustomerCore.Importing;

public sealed partial class CustomerImporter
{
    private static readonly int FieldCount = Enum.GetValues<CustomerImportField>().Length;

    // The fewest rows a thread is given: a chunk of fewer than twice this many stays on the calling thread.
    private const int RowsPerThread = 250;

    /// <summary>Reads, normalizes and looks up one chunk (one batched lookup per key kind, never one per row: email to
    /// merge by, code and phone to find duplicates and conflicts), then decides every row. What depends on one row alone
    /// (its cells, its phone number, its merge and validation) is worked out for many rows at once
    /// (<see cref="CustomerImportOptions.MaxDegreeOfParallelism"/>); what depends on the rows before it (a new customer's
    /// id, a key seen earlier in the file) is settled in file order.</summary>
    private async Task<List<RowOutcome>> EvaluateChunkAsync(ImportRun run, List<ImportRow> rows, CancellationToken cancellationToken)
    {
        var outcomes = new List<RowOutcome>(rows.Count);
        if (rows.Count == 0)
        {
            return outcomes;
        }

        var pending = new PendingRow[rows.Count];
        ForEachRow(run, pending.Length, i => pending[i] = Prepare(run, rows[i]), cancellationToken);
        var emails = pending.Select(p => p.Email).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var byEmail = emails.Count == 0
            ? []
            : (await _store.FindByNormalizedEmailsAsync(run.MerchantId, emails, cancellationToken).ConfigureAwait(false))
                .ToDictionary(c => c.NormalizedEmail!, StringComparer.Ordinal);

        Customer? MatchOf(PendingRow row) => row.Email is { } email ? byEmail.GetValueOrDefault(email) : null;
        ForEachRow(run, pending.Length, i =>
        {
            var row = pending[i];
            row.Match = MatchOf(row);
            row.SameAsStored = row.Match is { } match && row.Issues.Count == 0 && SameAsStored(row, match);
            if (!row.SameAsStored && row.ValueOf(CustomerImportField.Phone) is { } phone)
            {
                row.PhoneE164 = _phones.TryFormatE164(phone, run.Settings.DefaultRegion);
            }
        }, cancellationToken);

        // A code or phone the email's own customer already holds cannot point at anyone else: only the others are looked
        // up, so re-importing an unchanged file costs one lookup per chunk.
        var lookups = new KeyLookups();
        var codes = pending.Where(p => p.Code is not null && p.Code != p.Match?.NormalizedCustomerCode)
            .Select(p => p.Code!).Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count > 0)
        {
            foreach (var customer in await _store.FindByNormalizedCustomerCodesAsync(run.MerchantId, codes, cancellationToken).ConfigureAwait(false))
            {
                lookups.ByCode[customer.NormalizedCustomerCode!] = customer;
            }
        }

        var phones = pending.Where(p => p.PhoneE164 is not null && p.PhoneE164 != p.Match?.PhoneE164)
            .Select(p => p.PhoneE164!).Distinct(StringComparer.Ordinal).ToList();
        if (phones.Count > 0)
        {
            foreach (var customer in await _store.FindByPhonesAsync(run.MerchantId, phones, cancellationToken).ConfigureAwait(false))
            {
                lookups.AddPhoneOwner(customer.PhoneE164, customer);
                lookups.AddPhoneOwner(customer.SecondaryPhoneE164, customer);
            }
        }

        // Ids in file order (SequentialVersion7Ids), given out before the rows are decided at once. A row that turns out
        // invalid leaves a gap in the counter, which costs nothing: ids only have to be unique and ascending.
        foreach (var row in pending)
        {
            if (row.Match is null && !HasErrors(row.Issues))
            {
                row.NewId = run.NewCustomerIds.Next();
            }
        }

        var decided = new RowOutcome[pending.Length];
        ForEachRow(run, pending.Length, i => decided[i] = Decide(run, pending[i]), cancellationToken);
        for (var i = 0; i < pending.Length; i++)
        {
            outcomes.Add(Settle(run, pending[i], decided[i], lookups));
        }

        return outcomes;
    }

    /// <summary>Runs <paramref name="work"/> for every row index, on up to <see cref="CustomerImportOptions.MaxDegreeOfParallelism"/>
    /// threads (the calling one alone for a small chunk). The work of one index touches that row only.</summary>
    private static void ForEachRow(ImportRun run, int count, Action<int> work, CancellationToken cancellationToken)
    {
        var threads = Math.Min(run.Options.MaxDegreeOfParallelism, count / RowsPerThread);
        if (threads <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                work(i);
            }

            return;
        }

        // Consecutive ranges, one per thread: a row's work is a few microseconds, too little to hand out one at a time.
        try
        {
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken, TaskScheduler = TaskScheduler.Default }, part =>
            {
                for (int i = count * part / threads, end = count * (part + 1) / threads; i < end; i++)
                {
                    work(i);
                }
            });
        }
        catch (AggregateException failed)
        {
            // The caller sees what one thread would have thrown, not the parallel loop's wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failed.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>Splits a row into blank, clear and value cells per field, and computes its lookup keys.</summary>
    private PendingRow Prepare(ImportRun run, ImportRow row)
    {
        var pending = new PendingRow(row);
        if (row.Cells.Length > run.Options.MaxColumns)
        {
            AddError(pending.Issues, row.Line, null, _describer.ImportLimitExceeded(row.Line, ImportLimit.RowColumns, run.Options.MaxColumns));
            return pending;
        }

        for (var column = 0; column < row.Cells.Length && column < run.FieldByColumn.Length; column++)
        {
            if (run.FieldByColumn[column] is not { } field)
            {
                continue;
            }

            var raw = row.Cells[column];
            if (raw.Length > run.Options.MaxFieldLength)
            {
                AddError(pending.Issues, row.Line, run.Headers[column],
                    _describer.ImportFieldTooLong(row.Line, run.Headers[column], run.Options.MaxFieldLength));
                continue;
            }

            // Checked on the cell as it is in the file, so the position in the message is the one a person sees; the
            // cell is then left out, so its value is neither stored nor used to look a customer up.
            var layout = field == CustomerImportField.Note ? TextLayout.MultiLine : TextLayout.SingleLine;
            if (TextHygiene.Check(raw, run.Headers[column], layout, _describer) is { } controlCharacter)
            {
                AddError(pending.Issues, row.Line, run.Headers[column], controlCharacter);
                continue;
            }

            var text = raw.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (string.Equals(text, CustomerCsvFormat.ClearToken, StringComparison.OrdinalIgnoreCase))
            {
                pending.Kinds[(int)field] = CellKind.Clear;
            }
            else
            {
                pending.Kinds[(int)field] = CellKind.Value;
                pending.Values[(int)field] = CustomerCsvFormat.UnguardCell(text);
            }
        }

        pending.Email = pending.ValueOf(CustomerImportField.Email) is { } email ? TextNormalizer.Email(email) : null;
        pending.Code = pending.ValueOf(CustomerImportField.CustomerCode) is { } code ? TextNormalizer.CustomerCode(code) : null;
        return pending;
    }

    /// <summary>
    /// Whether every cell the row sets already holds that value in the customer its email matched, as the export writes
    /// it. Such a row changes nothing, so it is reported unchanged without being merged, validated and compared field by
    /// field: most of a re-import's rows are this. Any other row, including one whose cell differs only in form (another
    /// date format, another case), takes the whole path, which decides the same for it when nothing changes.
    /// </summary>
    private static bool SameAsStored(PendingRow row, Customer stored)
    {
        for (var i = 0; i < FieldCount; i++)
        {
            var kind = row.Kinds[i];
            if (kind != CellKind.Blank && !string.Equals(CustomerCsvFormat.ValueOf(stored, (CustomerImportField)i), kind == CellKind.Clear ? null : row.Values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Merges a row into the customer its email matched (or a new one, with the id given in file order),
    /// validates it with the same rules as <see cref="CustomerService"/>, and computes the changes: everything but the
    /// keys the rows before it hold (<see cref="Settle"/>). Depends on this row alone, so rows are decided at once.</summary>
    private RowOutcome Decide(ImportRun run, PendingRow row)
    {
        var line = row.Row.Line;
        var issues = row.Issues;
        var existing = row.Match;
        if (row.SameAsStored && existing is not null)
        {
            return new RowOutcome(line, ImportRowAction.Unchanged, existing, existing, [], [], issues, 0);
        }

        var draft = existing is null ? new CustomerDraft() : CustomerDraft.From(existing);
        for (var i = 0; i < FieldCount; i++)
        {
            if (row.Kinds[i] != CellKind.Blank)
            {
                ApplyCell(run, draft, (CustomerImportField)i, row.Kinds[i] == CellKind.Clear ? null : row.Values[i], line, issues);
            }
        }

        if (HasErrors(issues))
        {
            return RowOutcome.Invalid(line, issues);
        }

        var input = draft.ToInput(ConsentSource.Import);
        foreach (var error in _rules.Validate(input, run.Settings))
        {
            issues.Add(new ImportIssue(line, ColumnOf(run, error.Field), error.Code, error.Description, ImportIssueSeverity.Error));
        }

        if (HasErrors(issues))
        {
            return RowOutcome.Invalid(line, issues);
        }

        var after = existing?.Clone() ?? new Customer
        {
            Id = row.NewId ?? throw new InvalidOperationException($"Line {line} has no id for its new customer."),
            MerchantId = run.MerchantId,
        };
        _rules.Apply(after, input, run.Settings.DefaultRegion);
        var consents = _rules.ApplyConsent(after, existing, input, run.Settings, run.Now, run.Actor);
        var changes = Diff(existing, after);
        var action = existing is null ? ImportRowAction.Create : changes.Count == 0 ? ImportRowAction.Unchanged : ImportRowAction.Update;
        return new RowOutcome(line, action, existing, after, changes, consents, issues, 0);
    }

    /// <summary>Checks a decided row's keys against the rows before it in the file and the customers looked up, in file
    /// order; an unchanged row's email and code still count as seen in the file, and its phone is its customer's own.</summary>
    private RowOutcome Settle(ImportRun run, PendingRow row, RowOutcome decided, KeyLookups lookups)
    {
        if (decided.After is not { } after)
        {
            return decided;
        }

        var issues = row.Issues;
        CheckKeys(run, row, decided.Before, after, lookups, issues);
        return HasErrors(issues) ? RowOutcome.Invalid(decided.Line, issues) : decided;
    }

    private void ApplyCell(ImportRun run, CustomerDraft draft, CustomerImportField field, string? value, long line, List<ImportIssue> issues)
    {
        var header = run.HeaderFor(field);
        switch (field)
        {
            case CustomerImportField.Email when value is null:
                AddError(issues, line, header, _describer.ImportKeyCannotBeCleared(header));
                break;
            case CustomerImportField.Birthday:
                if (value is null)
                {
                    draft.Birthday = null;
                }
                else if (CustomerCsvFormat.TryParseBirthday(value, run.Settings.DefaultRegion, out var birthday))
                {
                    draft.Birthday = birthday;
                }
                else
                {
                    AddError(issues, line, header, _describer.ImportInvalidDate(header));
                }

                break;
            case CustomerImportField.Tags:
                draft.Tags = value is null ? [] : CustomerCsvFormat.SplitTags(value);
                break;
            case CustomerImportField.Preferences:
                if (value is null)
                {
                    draft.Preferences = [];
                }
                else if (CustomerCsvFormat.TryParsePreferences(value, out var preferences))
                {
                    draft.Preferences = preferences;
                }
                else
                {
                    AddError(issues, line, header, _describer.ImportInvalidPreferences(header));
                }

                break;
            case CustomerImportField.EmailMarketing or CustomerImportField.SmsMarketing:
                if (value is not null && CustomerCsvFormat.TryParseConsent(value, out var status))
                {
                    var consent = new ConsentInput(status, run.Options.ConsentWordingVersion);
                    if (field == CustomerImportField.EmailMarketing)
                    {
                        draft.EmailConsent = consent;
                    }
                    else
                    {
                        draft.SmsConsent = consent;
                    }
                }
                else
                {
                    AddError(issues, line, header, _describer.ImportInvalidConsent(header));
                }

                break;
            default:
                draft.Set(field, value);
                break;
        }
    }

    /// <summary>Finds, before anything is written, keys that repeat in the file or point at another customer.</summary>
    private void CheckKeys(ImportRun run, PendingRow row, Customer? existing, Customer after, KeyLookups lookups, List<ImportIssue> issues)
    {
        var line = row.Row.Line;
        if (after.NormalizedEmail is { } email && !run.EmailLines.TryAdd(email, line, out var emailLine))
        {
            var header = run.HeaderFor(CustomerImportField.Email);
            AddError(issues, line, header, _describer.ImportDuplicateInFile(header, emailLine));
        }

        if (after.NormalizedCustomerCode is { } code)
        {
            var header = run.HeaderFor(CustomerImportField.CustomerCode);
            if (!run.CodeLines.TryAdd(code, line, out var codeLine))
            {
                AddError(issues, line, header, _describer.ImportDuplicateInFile(header, codeLine));
            }
            else if (lookups.ByCode.TryGetValue(code, out var owner) && owner.Id != after.Id)
            {
                AddError(issues, line, header, existing is null
                    ? _describer.ImportPossibleDuplicate(header)
                    : _describer.ImportKeyConflict(header, owner.Id.ToString()));
            }
        }

        if (row.Kinds[(int)CustomerImportField.Phone] == CellKind.Value && after.PhoneE164 is { } phone && phone != existing?.PhoneE164)
        {
            var header = run.HeaderFor(CustomerImportField.Phone);
            var other = lookups.PhoneOwners(phone).FirstOrDefault(c => c.Id != after.Id);

            // One digest per row: recording the phone also says whether an earlier line of the file had it.
            var earlierInFile = !run.PhoneLines.TryAdd(phone, line, out _);
            if (existing is not null)
            {
                if (other is not null)
                {
                    AddError(issues, line, header, _describer.ImportKeyConflict(header, other.Id.ToString()));
                }
            }
            else if (other is not null || earlierInFile)
            {
                var duplicate = _describer.ImportPossibleDuplicate(header);
                var severity = after.NormalizedEmail is null && !run.Options.CreatePossibleDuplicates ? ImportIssueSeverity.Error : ImportIssueSeverity.Warning;
                issues.Add(new ImportIssue(line, header, duplicate.Code, duplicate.Description, severity));
            }
        }
    }

    private static List<ImportFieldChange> Diff(Customer? before, Customer after)
    {
        var changes = new List<ImportFieldChange>();
        for (var i = 0; i < FieldCount; i++)
        {
            var field = (CustomerImportField)i;
            var oldValue = before is null ? null : CustomerCsvFormat.ValueOf(before, field);
            var newValue = CustomerCsvFormat.ValueOf(after, field);
            if (!string.Equals(oldValue, newValue, StringComparison.Ordinal))
            {
                changes.Add(new ImportFieldChange(field, oldValue, newValue));
            }
        }

        return changes;
    }

    private static string? ColumnOf(ImportRun run, string? field) =>
        field is not null && Enum.TryParse<CustomerImportField>(field, out var f) ? run.HeaderFor(f) : field;

    private static void AddError(List<ImportIssue> issues, long line, string? column, CustomerError error) =>
        issues.Add(new ImportIssue(line, column, error.Code, error.Description, ImportIssueSeverity.Error));

    private static bool HasErrors(List<ImportIssue> issues)
    {
        foreach (var issue in issues)
        {
            if (issue.Severity == ImportIssueSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    private enum CellKind : byte
    {
        Blank,
        Clear,
        Value,
    }

    private sealed class PendingRow(ImportRow row)
    {
        public ImportRow Row { get; } = row;
        public CellKind[] Kinds { get; } = new CellKind[FieldCount];
        public string?[] Values { get; } = new string?[FieldCount];
        public List<ImportIssue> Issues { get; } = [];
        public string? Email { get; set; }
        public string? Code { get; set; }
        public string? PhoneE164 { get; set; }

        /// <summary>The stored customer the row's email matched.</summary>
        public Customer? Match { get; set; }

        /// <summary>The id the row's customer gets if the row creates one, given in file order.</summary>
        public Guid? NewId { get; set; }

        /// <summary>Every cell already holds its value in the matched customer (<see cref="SameAsStored"/>).</summary>
        public bool SameAsStored { get; set; }

        public string? ValueOf(CustomerImportField field) => Kinds[(int)field] == CellKind.Value ? Values[(int)field] : null;
    }

    private sealed class KeyLookups
    {
        private readonly Dictionary<string, List<Customer>> _byPhone = new(StringComparer.Ordinal);

        public Dictionary<string, Customer> ByCode { get; } = new(StringComparer.Ordinal);

        public void AddPhoneOwner(string? e164, Customer customer)
        {
            if (e164 is null)
            {
                return;
            }

            if (!_byPhone.TryGetValue(e164, out var owners))
            {
                _byPhone[e164] = owners = [];
            }

            if (!owners.Contains(customer))
            {
                owners.Add(customer);
            }
        }

        public IReadOnlyList<Customer> PhoneOwners(string e164) => _byPhone.TryGetValue(e164, out var owners) ? owners : [];
    }

    private sealed record RowOutcome(
        long Line,
        ImportRowAction Action,
        Customer? Before,
        Customer? After,
        IReadOnlyList<ImportFieldChange> Changes,
        IReadOnlyList<ConsentRecord> Consents,
        IReadOnlyList<ImportIssue> Issues,
        int ErrorCount)
    {
        public int Errors => Action == ImportRowAction.Invalid ? Math.Max(1, ErrorCount) : ErrorCount;

        public static RowOutcome Invalid(long line, List<ImportIssue> issues) =>
            new(line, ImportRowAction.Invalid, null, null, [], [], issues, issues.Count(i => i.Severity == ImportIssueSeverity.Error));
    }

    /// <summary>A mutable <see cref="CustomerInput"/> under construction, so a row costs one record, not one per cell.</summary>
    private sealed class CustomerDraft
    {
        private readonly string?[] _text = new string?[FieldCount];

        public DateOnly? Birthday { get; set; }
        public IReadOnlyList<string>? Tags { get; set; }
        public IReadOnlyList<CustomerPreference>? Preferences { get; set; }
        public ConsentInput? EmailConsent { get; set; }
        public ConsentInput? SmsConsent { get; set; }

        public static CustomerDraft From(Customer customer)
        {
            var draft = new CustomerDraft { Birthday = customer.Birthday, Tags = customer.Tags, Preferences = customer.Preferences };
            for (var i = 0; i < FieldCount; i++)
            {
                var field = (CustomerImportField)i;
                if (field is not (CustomerImportField.Birthday or CustomerImportField.Tags or CustomerImportField.Preferences or CustomerImportField.EmailMarketing or CustomerImportField.SmsMarketing))
                {
                    draft._text[i] = CustomerCsvFormat.ValueOf(customer, field);
                }
            }

            return draft;
        }

        public void Set(CustomerImportField field, string? value) => _text[(int)field] = value;

        private string? Get(CustomerImportField field) => _text[(int)field];

        public CustomerInput ToInput(ConsentSource source) => new()
        {
            FirstName = Get(CustomerImportField.FirstName),
            LastName = Get(CustomerImportField.LastName),
            DisplayName = Get(CustomerImportField.DisplayName),
            CompanyName = Get(CustomerImportField.CompanyName),
            Email = Get(CustomerImportField.Email),
            Phone = Get(CustomerImportField.Phone),
            SecondaryPhone = Get(CustomerImportField.SecondaryPhone),
            AddressLine1 = Get(CustomerImportField.AddressLine1),
            AddressLine2 = Get(CustomerImportField.AddressLine2),
            HouseNumber = Get(CustomerImportField.HouseNumber),
            City = Get(CustomerImportField.City),
            Region = Get(CustomerImportField.Region),
            PostalCode = Get(CustomerImportField.PostalCode),
            Country = Get(CustomerImportField.Country),
            CustomerCode = Get(CustomerImportField.CustomerCode),
            Birthday = Birthday,
            Note = Get(CustomerImportField.Note),
            Tags = Tags,
            Preferences = Preferences,
            EmailConsent = EmailConsent,
            SmsConsent = SmsConsent,
            Source = source,
        };
    }
}
