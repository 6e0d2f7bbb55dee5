using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using CsvHelper;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Phones;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PhoneNumbers;

namespace CustomerCore.Sample.Console;

/// <summary>
/// <c>bench [--rows N] [--customers N] [--postgres CONNECTION] [--json]</c>: measures the import and identification paths against raw
/// baselines run in the same process (raw CsvHelper read, raw batched ADO.NET upsert, raw indexed SELECT, bare
/// libphonenumber), on temporary SQLite files that are deleted afterwards. A measurement, not a test: it exits 0
/// whether or not a target of docs/performance.md is met, and says which were.
/// </summary>
internal static class BenchCommand
{
    private const string Region = "US";
    private const int DefaultRows = 20_000;
    private const int DefaultCustomers = 100_000;
    private const int WarmUpRows = 1_000;
    private const int LookupSamples = 1_000;
    private const int LookupWarmUps = 200;
    private static readonly TimeSpan LookupWarmUpTime = TimeSpan.FromSeconds(5);
    private const int PhoneSamples = 200_000;

    // The DESIGN §6 targets; lookups are specified at this directory size.
    private const double ParseTargetRatio = 0.5;
    private const double ImportTargetRowsPerSecond = 50_000;
    private const double ImportTargetRatio = 0.4;
    private const int LookupTargetCustomers = 1_000_000;

    // Issue #11: every search kind at no less than this share of its raw prepared SELECT's speed (p50 against p50).
    private const double LookupTargetRatio = 0.3;
    private const double PhoneTargetNanoseconds = 2_000;
    private const double PhoneTargetBytes = 1_024;

    // Capping each lookup kind by time keeps a slow path from stretching a run to hours; the sample count is reported.
    private static readonly TimeSpan LookupTimeBudget = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(CommandLine line, bool json, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var rows = PositiveOption(line, "--rows", DefaultRows);
        var customers = PositiveOption(line, "--customers", DefaultCustomers);
        var postgres = line.Option("--postgres");
        var itemTickets = PositiveOption(line, "--item-tickets", BenchFrequentItems.DefaultTickets);
        line.RejectUnknownOptions();

        var merchant = new MerchantId("bench");
        var folder = Directory.CreateTempSubdirectory("customercore-bench-");
        var progress = json ? TextWriter.Null : errors;
        try
        {
            var importFile = Path.Combine(folder.FullName, "import.csv");
            var warmUpFile = Path.Combine(folder.FullName, "warm-up.csv");
            BenchWorkload.WriteCsv(importFile, rows);
            BenchWorkload.WriteCsv(warmUpFile, Math.Min(WarmUpRows, rows));

            progress.WriteLine($"CSV parse: {rows:N0} rows…");
            var parse = await MeasureParseAsync(folder.FullName, merchant, importFile, warmUpFile, rows, cancellationToken);

            progress.WriteLine($"Import on SQLite: {rows:N0} rows…");
            var import = await MeasureImportAsync(folder.FullName, merchant, importFile, warmUpFile, rows, parse, cancellationToken);

            PostgresImportSection? postgresImport = null;
            if (postgres is not null)
            {
                progress.WriteLine($"Import on PostgreSQL: {rows:N0} rows…");
                postgresImport = await MeasurePostgresImportAsync(postgres, merchant, importFile, warmUpFile, rows, cancellationToken);
            }

            progress.WriteLine($"Identification: loading {customers:N0} customers…");
            var identification = await MeasureIdentificationAsync(folder.FullName, merchant, customers, progress, cancellationToken);

            progress.WriteLine("Phone normalization…");
            var phones = MeasurePhoneNormalization();

            progress.WriteLine($"Frequently bought items: one customer with {itemTickets:N0} tickets…");
            var items = await BenchFrequentItems.MeasureAsync(folder.FullName, merchant, Region, itemTickets, progress, cancellationToken);

            var report = new BenchReport(MachineFacts.Current(), rows, customers, parse, import, identification, phones, postgresImport, items);
            if (json)
            {
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, BenchJson.Options));
            }
            else
            {
                WriteTable(output, report);
            }

            return 0;
        }
        finally
        {
            // Pooled connections keep the files open; release them so the folder can go.
            SqliteConnection.ClearAllPools();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException exception)
            {
                errors.WriteLine($"note: could not delete the temporary folder {folder.FullName}: {exception.Message}");
            }
        }
    }

    private static int PositiveOption(CommandLine line, string name, int fallback)
    {
        var text = line.Option(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} must be a positive whole number.");
    }

    private static async Task<ParseSection> MeasureParseAsync(
        string folder, MerchantId merchant, string file, string warmUpFile, int rows, CancellationToken cancellationToken)
    {
        await using var services = await CliHost.BuildAsync(Region, Path.Combine(folder, "dry-run.db"), cancellationToken);
        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<CustomerImporter>();

        BenchRawBaselines.Parse(warmUpFile);
        await DryRunAsync(importer, merchant, warmUpFile, cancellationToken);

        // Best of two, alternating, so a burst of load from another process on the shared machine hits both sides.
        var raw = double.MaxValue;
        var dryRun = double.MaxValue;
        for (var round = 0; round < 2; round++)
        {
            raw = Math.Min(raw, Time(() => BenchRawBaselines.Parse(file)));
            var start = Stopwatch.GetTimestamp();
            var checkedRows = await DryRunAsync(importer, merchant, file, cancellationToken);
            dryRun = Math.Min(dryRun, Stopwatch.GetElapsedTime(start).TotalSeconds);
            if (checkedRows != rows)
            {
                throw new InvalidOperationException($"The dry run checked {checkedRows} rows, expected {rows}.");
            }
        }

        return new ParseSection(rows, dryRun, raw, rows / dryRun, rows / raw, raw / dryRun, ParseTargetRatio, raw / dryRun >= ParseTargetRatio);
    }

    private static async Task<int> DryRunAsync(CustomerImporter importer, MerchantId merchant, string file, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(file);
        var result = await importer.DryRunAsync(merchant, input, new CustomerImportOptions { MaxReportedRows = 0 }, cancellationToken);
        if (!result.Succeeded || result.Value!.Errors > 0)
        {
            throw new InvalidOperationException($"The dry run of the generated file failed: {Describe(result)}");
        }

        return result.Value!.TotalRows;
    }

    private static async Task<ImportSection> MeasureImportAsync(
        string folder, MerchantId merchant, string file, string warmUpFile, int rows, ParseSection parse, CancellationToken cancellationToken)
    {
        // Warm both write paths and the re-import's path (every row found and unchanged) on their own files, so none
        // pays JIT and first-open costs in the timed runs.
        await ApplyAsync(Path.Combine(folder, "warm-up-import.db"), merchant, warmUpFile, cancellationToken);
        await ApplyAsync(Path.Combine(folder, "warm-up-import.db"), merchant, warmUpFile, cancellationToken);
        BenchRawBaselines.Upsert(Path.Combine(folder, "warm-up-raw.db"), merchant, warmUpFile);

        var database = Path.Combine(folder, "import.db");
        var applied = await ApplyAsync(database, merchant, file, cancellationToken);
        if (applied.Created != rows)
        {
            throw new InvalidOperationException($"The import created {applied.Created} customers, expected {rows}.");
        }

        // The same file again: every row is found by email and unchanged, so nothing is written.
        var reimport = await ApplyAsync(database, merchant, file, cancellationToken);
        if (reimport.Created != 0 || reimport.Updated != 0)
        {
            throw new InvalidOperationException($"The re-import changed {reimport.Created + reimport.Updated} customers, expected none.");
        }

        var raw = Time(() => BenchRawBaselines.Upsert(Path.Combine(folder, "import-raw.db"), merchant, file));
        var ratio = raw / applied.Seconds;
        var rowsPerSecond = rows / applied.Seconds;
        return new ImportSection(
            rows,
            applied.Seconds,
            raw,
            rowsPerSecond,
            rows / raw,
            ratio,
            ImportTargetRowsPerSecond,
            ImportTargetRatio,
            rowsPerSecond >= ImportTargetRowsPerSecond && ratio >= ImportTargetRatio,
            CheckPassSeconds: applied.Seconds - applied.WriteSeconds,
            WritePassSeconds: applied.WriteSeconds,
            ReimportSeconds: reimport.Seconds,
            ReimportRowsPerSecond: rows / reimport.Seconds,
            WriteLockSeconds: applied.LockSeconds);
    }

    /// <summary>
    /// The import into PostgreSQL against a raw binary COPY of the same file, each into a database of its own created
    /// for the run on the server <paramref name="connectionString"/> names (and dropped afterwards).
    /// </summary>
    private static async Task<PostgresImportSection> MeasurePostgresImportAsync(
        string connectionString, MerchantId merchant, string file, string warmUpFile, int rows, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] names = [$"customercore_bench_{run}_warm", $"customercore_bench_{run}_import", $"customercore_bench_{run}_raw"];
        var databases = names.Select(name => new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ToString()).ToArray();
        await using (var server = new Npgsql.NpgsqlConnection(connectionString))
        {
            await server.OpenAsync(cancellationToken);
            foreach (var name in names)
            {
                await using var create = server.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        try
        {
            await ApplyAsync(databases[0], merchant, warmUpFile, cancellationToken);
            await BenchRawBaselines.PostgresCopyAsync(databases[0], merchant, warmUpFile, cancellationToken);

            var applied = await ApplyAsync(databases[1], merchant, file, cancellationToken);
            if (applied.Created != rows)
            {
                throw new InvalidOperationException($"The PostgreSQL import created {applied.Created} customers, expected {rows}.");
            }

            var start = Stopwatch.GetTimestamp();
            await BenchRawBaselines.PostgresCopyAsync(databases[2], merchant, file, cancellationToken);
            var raw = Stopwatch.GetElapsedTime(start).TotalSeconds;
            return new PostgresImportSection(rows, applied.Seconds, raw, rows / applied.Seconds, rows / raw, raw / applied.Seconds, applied.WriteSeconds);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var server = new Npgsql.NpgsqlConnection(connectionString);
            await server.OpenAsync(CancellationToken.None);
            foreach (var name in names)
            {
                await using var drop = server.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                await drop.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<(double Seconds, double WriteSeconds, double LockSeconds, int Created, int Updated)> ApplyAsync(
        string database, MerchantId merchant, string file, CancellationToken cancellationToken)
    {
        await using var services = await CliHost.BuildAsync(Region, database, cancellationToken);
        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<CustomerImporter>();
        await using var input = File.OpenRead(file);
        var checkedAt = new CheckEnd();
        using var probe = BenchWriteLockProbe.Start(database);
        var start = Stopwatch.GetTimestamp();
        var result = await importer.ApplyAsync(merchant, input, new CustomerImportOptions { MaxReportedRows = 0, Progress = checkedAt }, cancellationToken);
        var end = Stopwatch.GetTimestamp();
        var lockSeconds = probe.Stop();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"The import of the generated file failed: {Describe(result)}");
        }

        // The write pass starts right after the check pass reports its last chunk.
        return (Stopwatch.GetElapsedTime(start, end).TotalSeconds, Stopwatch.GetElapsedTime(checkedAt.Timestamp, end).TotalSeconds,
            lockSeconds, result.Value!.Created, result.Value.Updated);
    }

    /// <summary>Remembers when the check pass reported its last chunk.</summary>
    private sealed class CheckEnd : IProgress<ImportProgress>
    {
        public long Timestamp { get; private set; } = Stopwatch.GetTimestamp();

        public void Report(ImportProgress value)
        {
            if (value.Stage == ImportStage.Checking)
            {
                Timestamp = Stopwatch.GetTimestamp();
            }
        }
    }

    private static async Task<IdentificationSection> MeasureIdentificationAsync(
        string folder, MerchantId merchant, int customers, TextWriter progress, CancellationToken cancellationToken)
    {
        var file = Path.Combine(folder, "directory.csv");
        var database = Path.Combine(folder, "directory.db");
        BenchWorkload.WriteCsv(file, customers);
        await using var services = await CliHost.BuildAsync(Region, database, cancellationToken);

        double loadSeconds;
        using (var loadScope = services.CreateScope())
        {
            var importer = loadScope.ServiceProvider.GetRequiredService<CustomerImporter>();
            await using var input = File.OpenRead(file);
            var start = Stopwatch.GetTimestamp();
            var loaded = await importer.ApplyAsync(merchant, input, new CustomerImportOptions { MaxReportedRows = 0 }, cancellationToken);
            loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (!loaded.Succeeded || loaded.Value!.Created != customers)
            {
                throw new InvalidOperationException($"Loading the directory failed: {Describe(loaded)}");
            }
        }

        File.Delete(file);
        progress.WriteLine($"  loaded in {loadSeconds:N1} s; measuring lookups…");

        using var scope = services.CreateScope();
        var search = scope.ServiceProvider.GetRequiredService<CustomerService>();
        await using var raw = new BenchRawLookups(database, merchant);
        var random = new Random(20_261_125);
        await WarmUpLookupsAsync(search, raw, merchant, customers, random, cancellationToken);
        var lookups = new List<LookupResult>();
        foreach (var kind in LookupKinds)
        {
            lookups.Add(await MeasureLookupAsync(kind, search, raw, merchant, customers, random, cancellationToken));
        }

        return new IdentificationSection(
            customers,
            "CustomerImporter.ApplyAsync (the import path a vendor uses), one transaction",
            loadSeconds,
            customers / loadSeconds,
            LookupTargetCustomers,
            lookups);
    }

    private static readonly LookupKind[] LookupKinds =
    [
        new("exact phone", 1.0, c => c.Phone, MatchReason.Phone),
        new("exact email", 1.0, c => c.Email.ToUpperInvariant(), MatchReason.Email),
        // Four digits that are also how a number starts ("1212", "2125") are a type-ahead search too, and type-ahead
        // matches rank first: measured under "phone prefix", not here.
        new("last 4 digits", 2.0, c => c.PhoneLastFour, MatchReason.PhoneLastDigits,
            c => PhoneNormalizer.TypedPrefixE164(c.PhoneLastFour, Region) is not { } typed || !BenchWorkload.CouldStartANumber(typed)),
        new("phone prefix", 2.0, c => PhoneNormalizer.DigitsOf(c.Phone)[..4], MatchReason.PhonePrefix),
        new("name prefix", 5.0, c => c.FirstName[..3] + " " + c.LastName[..3], MatchReason.Name),
        // One word of three letters matches a large share of a big directory (every match is ranked by visit and name).
        new("name prefix, one word", 5.0, c => c.FirstName[..3], MatchReason.Name, Raw: static (raw, c) => raw.FindByFirstNameStart(c)),
    ];

    /// <summary>
    /// Runs every lookup kind in turn until each has run <see cref="LookupWarmUps"/> times and
    /// <see cref="LookupWarmUpTime"/> has passed. The runtime recompiles hot code with full optimization in the
    /// background some time after it first runs; warming up one kind just before measuring it left the first kind
    /// measured (exact phone) on unoptimized code for part of its samples: its p50 came out four times its steady value.
    /// </summary>
    private static async Task WarmUpLookupsAsync(
        CustomerService search, BenchRawLookups raw, MerchantId merchant, int customers, Random random, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        for (var round = 0; round < LookupWarmUps || elapsed.Elapsed < LookupWarmUpTime; round++)
        {
            foreach (var kind in LookupKinds)
            {
                var customer = kind.Draw(random, customers);
                await search.SearchAsync(merchant, new CustomerQuery(kind.Text(customer)), cancellationToken);
                kind.FindRaw(raw, customer);
            }
        }
    }

    private static async Task<LookupResult> MeasureLookupAsync(
        LookupKind kind, CustomerService search, BenchRawLookups raw, MerchantId merchant, int customers, Random random, CancellationToken cancellationToken)
    {
        var customerCore = new List<double>(LookupSamples);
        var baseline = new List<double>(LookupSamples);
        var hits = 0;
        var budget = Stopwatch.StartNew();
        while (customerCore.Count < LookupSamples && (budget.Elapsed < LookupTimeBudget || customerCore.Count < 50))
        {
            var customer = kind.Draw(random, customers);
            var query = new CustomerQuery(kind.Text(customer));
            var start = Stopwatch.GetTimestamp();
            var found = await search.SearchAsync(merchant, query, cancellationToken);
            customerCore.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);

            // A hit is a result that found the customer the text was taken from for the reason being measured.
            if (found.Value?.Items.Any(m => m.MatchedBy.HasFlag(kind.Reason) && (kind.Reason is MatchReason.PhoneLastDigits or MatchReason.PhonePrefix or MatchReason.Name || m.Customer.CustomerCode == customer.CustomerCode)) == true)
            {
                hits++;
            }

            start = Stopwatch.GetTimestamp();
            kind.FindRaw(raw, customer);
            baseline.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        customerCore.Sort();
        baseline.Sort();
        var p50 = Percentile(customerCore, 0.50);
        var p99 = Percentile(customerCore, 0.99);
        var rawP50 = Percentile(baseline, 0.50);
        var rawP99 = Percentile(baseline, 0.99);
        return new LookupResult(
            kind.Name,
            customerCore.Count,
            hits,
            p50,
            p99,
            rawP50,
            rawP99,
            rawP50 / p50,
            kind.TargetP99Milliseconds,
            LookupTargetRatio,
            p99 <= kind.TargetP99Milliseconds && rawP50 / p50 >= LookupTargetRatio);
    }

    /// <summary>Nearest-rank percentile of an ascending list.</summary>
    public static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static PhoneSection MeasurePhoneNormalization()
    {
        // The shapes people type at a till: national with punctuation, international, dotted, bare digits.
        var typed = new string[10_000];
        for (var i = 0; i < typed.Length; i++)
        {
            var phone = BenchWorkload.Customer(i * 97).Phone;
            var digits = PhoneNormalizer.DigitsOf(phone);
            typed[i] = (i % 4) switch
            {
                0 => phone,
                1 => $"+1 {digits[..3]} {digits[3..6]} {digits[6..]}",
                2 => $"{digits[..3]}.{digits[3..6]}.{digits[6..]}",
                _ => digits,
            };
        }

        var normalizer = new PhoneNormalizer();
        var util = PhoneNumberUtil.GetInstance();
        PhoneNormalizer.Warm();
        var valid = 0;
        foreach (var text in typed)
        {
            valid += normalizer.Normalize(text, Region)!.IsValid ? 1 : 0;
            BareLibPhoneNumber(util, text);
        }

        var baseline = (Nanoseconds: double.MaxValue, Bytes: double.MaxValue);
        var customerCore = (Nanoseconds: double.MaxValue, Bytes: double.MaxValue);
        for (var round = 0; round < 2; round++)
        {
            baseline = Better(baseline, PerNumber(typed, text => BareLibPhoneNumber(util, text)));
            customerCore = Better(customerCore, PerNumber(typed, text => normalizer.Normalize(text, Region)!.DigitsReversed.Length));
        }

        return new PhoneSection(
            PhoneSamples,
            valid * 100.0 / typed.Length,
            customerCore.Nanoseconds,
            customerCore.Bytes,
            baseline.Nanoseconds,
            baseline.Bytes,
            baseline.Nanoseconds / customerCore.Nanoseconds,
            PhoneTargetNanoseconds,
            PhoneTargetBytes,
            customerCore.Nanoseconds <= PhoneTargetNanoseconds && customerCore.Bytes <= PhoneTargetBytes);
    }

    private static (double Nanoseconds, double Bytes) Better((double Nanoseconds, double Bytes) a, (double Nanoseconds, double Bytes) b) =>
        (Math.Min(a.Nanoseconds, b.Nanoseconds), Math.Min(a.Bytes, b.Bytes));

    private static (double Nanoseconds, double Bytes) PerNumber(string[] typed, Func<string, int> normalize)
    {
        var sink = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < PhoneSamples; i++)
        {
            sink += normalize(typed[i % typed.Length]);
        }

        var elapsed = Stopwatch.GetElapsedTime(start);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        GC.KeepAlive(sink);
        return (elapsed.TotalNanoseconds / PhoneSamples, (double)bytes / PhoneSamples);
    }

    /// <summary>The baseline: what PhoneNormalizer wraps, and nothing else.</summary>
    private static int BareLibPhoneNumber(PhoneNumberUtil util, string text)
    {
        try
        {
            var number = util.Parse(text, Region);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164).Length : 0;
        }
        catch (NumberParseException)
        {
            return 0;
        }
    }

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static string Describe(OperationResult<ImportReport> result) =>
        result.Succeeded
            ? $"{result.Value!.Errors} rows with errors"
            : string.Join("; ", result.Errors.Select(e => $"{e.Code}: {e.Description}"));

    private static void WriteTable(TextWriter output, BenchReport report)
    {
        var m = report.Machine;
        output.WriteLine($"customercore bench — {m.Date}, {m.ProcessorCount} cores, {m.Os}, .NET {m.Runtime}");
        output.WriteLine($"{report.Rows:N0} rows imported; {report.Customers:N0} customers for the lookups; ratios are baseline time ÷ CustomerCore time (1.00× = as fast as the baseline)");
        output.WriteLine();
        var rows = new List<string[]>
        {
            new[] { "Measure", "CustomerCore", "Baseline", "Ratio", "Target", "Met" },
        };

        var p = report.CsvParse;
        rows.Add(["CSV parse (importer dry run vs raw CsvHelper)", Rate(p.CustomerCoreRowsPerSecond), Rate(p.RawRowsPerSecond), Ratio(p.Ratio), $"≥ {p.TargetRatio:0.0}× raw", Met(p.Met)]);
        var i = report.Import;
        rows.Add(["Import on SQLite (ApplyAsync vs raw ADO.NET upsert)", Rate(i.CustomerCoreRowsPerSecond), Rate(i.RawRowsPerSecond), Ratio(i.Ratio),
            $"≥ {i.TargetRowsPerSecond:N0} rows/s and ≥ {i.TargetRatio:0.0}× raw", Met(i.Met)]);
        if (report.PostgresImport is { } pg)
        {
            rows.Add(["Import on PostgreSQL (ApplyAsync vs raw binary COPY)", Rate(pg.CustomerCoreRowsPerSecond), Rate(pg.RawRowsPerSecond), Ratio(pg.Ratio),
                "≥ 25,000 rows/s and ≥ 0.3× raw", Met(pg.CustomerCoreRowsPerSecond >= 25_000 && pg.Ratio >= 0.3)]);
        }

        var id = report.Identification;
        var sizeNote = id.Customers >= id.TargetCustomers ? string.Empty : $" (target at {id.TargetCustomers:N0})";
        foreach (var lookup in id.Lookups)
        {
            rows.Add([$"Lookup {lookup.Kind} p50 / p99, {id.Customers:N0} customers", $"{lookup.P50Milliseconds:0.000} / {lookup.P99Milliseconds:0.000} ms",
                $"{lookup.RawP50Milliseconds:0.000} / {lookup.RawP99Milliseconds:0.000} ms", Ratio(lookup.Ratio), $"p99 ≤ {lookup.TargetP99Milliseconds:0} ms and ≥ {lookup.TargetRatio:0.0}× raw{sizeNote}", Met(lookup.Met)]);
        }

        var fi = report.FrequentItems;
        var itemsNote = fi.Tickets >= BenchFrequentItems.DefaultTickets ? string.Empty : $" (target at {BenchFrequentItems.DefaultTickets:N0})";
        rows.Add([$"Frequently bought top 5 p50 / p99, {fi.Tickets:N0} tickets × {fi.LinesPerTicket} lines", $"{fi.P50Milliseconds:0.000} / {fi.P99Milliseconds:0.000} ms",
            $"{fi.RawP50Milliseconds:0.000} / {fi.RawP99Milliseconds:0.000} ms", Ratio(fi.Ratio), $"p99 ≤ {fi.TargetP99Milliseconds:0} ms{itemsNote}", Met(fi.Met)]);

        var ph = report.PhoneNormalization;
        rows.Add(["Phone normalization per number", $"{ph.NanosecondsPerNumber:N0} ns, {ph.BytesPerNumber:N0} B", $"{ph.BaselineNanosecondsPerNumber:N0} ns, {ph.BaselineBytesPerNumber:N0} B",
            Ratio(ph.Ratio), $"≤ {ph.TargetNanoseconds / 1000:0} µs and ≤ {ph.TargetBytes / 1024:0} KB", Met(ph.Met)]);

        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }

        output.WriteLine();
        output.WriteLine($"Import stages: check pass {i.CheckPassSeconds:N2} s (no transaction), write pass {i.WritePassSeconds:N2} s, of which another " +
            $"writer was locked out for {i.WriteLockSeconds:N2} s at most (issue #11: ≤ 8 s for 200,000 rows); " +
            $"re-import of the same file (all unchanged): {Rate(i.ReimportRowsPerSecond)}; " +
            $"directory load: {id.Customers:N0} customers in {id.LoadSeconds:N1} s ({Rate(id.LoadRowsPerSecond)}).");
        output.WriteLine($"Lookup hits (found the customer the text came from, for the reason measured): " +
            string.Join(", ", id.Lookups.Select(l => $"{l.Kind} {l.Hits}/{l.Samples}")) + $". Valid phone numbers in the phone sample: {ph.ValidPercent:0.#}%.");
        output.WriteLine($"Frequently bought over the last 90 days (computed from the lines, no target): p50 {fi.Window90DaysP50Milliseconds:0.000} ms, p99 {fi.Window90DaysP99Milliseconds:0.000} ms; " +
            $"tickets recorded through the service in {fi.LoadSeconds:N1} s.");
    }

    private static string Rate(double rowsPerSecond) => $"{rowsPerSecond:N0} rows/s";

    private static string Ratio(double ratio) => $"{ratio:0.00}×";

    private static string Met(bool met) => met ? "met" : "NOT met";

    private sealed record LookupKind(
        string Name, double TargetP99Milliseconds, Func<BenchCustomer, string> Text, MatchReason Reason, Func<BenchCustomer, bool>? Measurable = null,
        Func<BenchRawLookups, BenchCustomer, int>? Raw = null)
    {
        /// <summary>The raw prepared SELECT answering the same question (by default the one for <see cref="Reason"/>).</summary>
        public int FindRaw(BenchRawLookups raw, BenchCustomer customer) => Raw is null ? raw.Find(Reason, customer) : Raw(raw, customer);

        /// <summary>A random loaded customer whose text measures this kind of lookup.</summary>
        public BenchCustomer Draw(Random random, int customers)
        {
            while (true)
            {
                var customer = BenchWorkload.Customer(random.Next(customers));
                if (Measurable?.Invoke(customer) != false)
                {
                    return customer;
                }
            }
        }
    }
}

/// <summary>Where the numbers were measured.</summary>
internal sealed record MachineFacts(string Date, int ProcessorCount, string Os, string Architecture, string Runtime)
{
    public static MachineFacts Current() => new(
        DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.Version.ToString());
}

/// <summary>Everything one <c>bench</c> run measured; the <c>--json</c> output.</summary>
internal sealed record BenchReport(
    MachineFacts Machine,
    int Rows,
    int Customers,
    ParseSection CsvParse,
    ImportSection Import,
    IdentificationSection Identification,
    PhoneSection PhoneNormalization,
    PostgresImportSection? PostgresImport,
    FrequentItemsSection FrequentItems);

/// <summary>An applied import into a new PostgreSQL database against a raw binary COPY of the same file into another.
/// Ratio = raw ÷ CustomerCore time; the write pass is the import's transaction.</summary>
internal sealed record PostgresImportSection(
    int Rows,
    double CustomerCoreSeconds,
    double RawSeconds,
    double CustomerCoreRowsPerSecond,
    double RawRowsPerSecond,
    double Ratio,
    double WritePassSeconds);

/// <summary>The importer's dry run (its check pass) against a raw CsvHelper read of the same file. Ratio = raw ÷ CustomerCore time.</summary>
internal sealed record ParseSection(
    int Rows,
    double CustomerCoreSeconds,
    double RawSeconds,
    double CustomerCoreRowsPerSecond,
    double RawRowsPerSecond,
    double Ratio,
    double TargetRatio,
    bool Met);

/// <summary>An applied import into a fresh SQLite file against a raw batched upsert of the same file. Ratio = raw ÷ CustomerCore time.
/// The write pass is the import's transaction; <see cref="WriteLockSeconds"/> is the longest another writer was locked out (BenchWriteLockProbe);
/// the re-import applies the same file again.</summary>
internal sealed record ImportSection(
    int Rows,
    double CustomerCoreSeconds,
    double RawSeconds,
    double CustomerCoreRowsPerSecond,
    double RawRowsPerSecond,
    double Ratio,
    double TargetRowsPerSecond,
    double TargetRatio,
    bool Met,
    double CheckPassSeconds,
    double WritePassSeconds,
    double ReimportSeconds,
    double ReimportRowsPerSecond,
    double WriteLockSeconds);

/// <summary>Till lookups through <see cref="CustomerService.SearchAsync"/> on a loaded directory.</summary>
internal sealed record IdentificationSection(
    int Customers,
    string LoadPath,
    double LoadSeconds,
    double LoadRowsPerSecond,
    int TargetCustomers,
    IReadOnlyList<LookupResult> Lookups);

/// <summary>One kind of lookup; Ratio = raw p50 ÷ CustomerCore p50. Met when p99 is within its target and the ratio
/// reaches TargetRatio.</summary>
internal sealed record LookupResult(
    string Kind,
    int Samples,
    int Hits,
    double P50Milliseconds,
    double P99Milliseconds,
    double RawP50Milliseconds,
    double RawP99Milliseconds,
    double Ratio,
    double TargetP99Milliseconds,
    double TargetRatio,
    bool Met);

/// <summary>PhoneNormalizer.Normalize against bare libphonenumber parse, validate and format. Ratio = baseline ÷ CustomerCore time.</summary>
internal sealed record PhoneSection(
    int Numbers,
    double ValidPercent,
    double NanosecondsPerNumber,
    double BytesPerNumber,
    double BaselineNanosecondsPerNumber,
    double BaselineBytesPerNumber,
    double Ratio,
    double TargetNanoseconds,
    double TargetBytes,
    bool Met);

/// <summary>How the report is written with <c>--json</c>: camel case, indented.</summary>
internal static class BenchJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web) { WriteIndented = true };
}
