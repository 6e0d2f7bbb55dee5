using System.Data.Common;
using System.Globalization;
using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Importing;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// The scratch SQLite file behind a staged transaction (<see cref="IStagedStoreTransactionFactory"/>). SQLite lets one
/// connection write at a time, so an import writing 200,000 customers straight into the live file kept every till out
/// for the whole write (about 40 s, longer than a till's busy timeout). Here the stores write into a file of their own
/// with the same model, next to the live one, holding no lock on it; the commit then copies the rows across with a
/// handful of set-based statements inside one short write transaction, after checking that the customers read into the
/// stage did not change meanwhile (docs/performance.md, run P).
/// </summary>
/// <remarks>
/// What the import writes: customers, their name index, consent records, the import batch and its entries, change-feed
/// and audit entries (renumbered after the live feed) and the feed counter. What it only reads: the customers it
/// updates and their ledger accounts (for the change feed's snapshots), copied in when the stage is made. The commit
/// refuses a stage that wrote any other table, so a new kind of write cannot be dropped silently.
/// </remarks>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
internal sealed class SqliteStage<TContext> : IAsyncDisposable
    where TContext : DbContext
{
    private const string Alias = "customercore_stage";
    private const string BaseTable = "customercore_stage_base";
    private const string RenamedTable = "customercore_stage_renamed";
    private const string FileMarker = ".customercore-stage-";
    private const int IdsPerRead = 1_000;
    private const int IdsPerStatement = 500;

    // The merge's page cache, in KiB as SQLite's negative cache_size takes it, and the helper threads its sorts may use
    // (see WithMergeSettingsAsync).
    private const int MergeCacheSize = -24576;
    private const int MergeSortHelpers = 1;
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

    private readonly TContext _live;
    private readonly MerchantId _merchantId;
    private readonly string _path;
    private readonly Dictionary<Guid, long> _baseVersions = [];
    private readonly Dictionary<Guid, HashSet<(Guid Account, long Version)>> _baseAccounts = [];
    private long _copiedAccounts;
    private int _disposed;

    private SqliteStage(TContext live, TContext stage, MerchantId merchantId, string path)
    {
        _live = live;
        Context = stage;
        _merchantId = merchantId;
        _path = path;
    }

    /// <summary>The DbContext over the scratch file, which the stores use while the staged transaction is open.</summary>
    public TContext Context { get; }

    /// <summary>Whether <paramref name="live"/> is a SQLite file a stage can sit next to (not an in-memory database).</summary>
    public static bool CanStage(TContext live)
    {
        if (!DatabaseProviders.IsSqlite(live) || live.Database.CurrentTransaction is not null)
        {
            return false;
        }

        var connection = live.Database.GetDbConnection();
        var file = connection.DataSource;
        return !string.IsNullOrEmpty(file) && file != ":memory:"
            && !connection.ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase)
            && DbProviderFactories.GetFactory(connection) is not null;
    }

    /// <summary>Makes the scratch file, creates the model's tables in it and copies in the customers the transaction
    /// will update.</summary>
    public static async Task<SqliteStage<TContext>> CreateAsync(
        TContext live, IServiceProvider services, MerchantId merchantId, IReadOnlyCollection<Guid> existingCustomers, CancellationToken cancellationToken)
    {
        var liveConnection = live.Database.GetDbConnection();
        var livePath = Path.GetFullPath(liveConnection.DataSource);
        DeleteAbandoned(livePath);

        // Next to the live file, not in the temp folder: the same disk, and the same protection as the data it copies.
        var path = string.Create(CultureInfo.InvariantCulture, $"{livePath}{FileMarker}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var factory = DbProviderFactories.GetFactory(liveConnection)!;
        var settings = factory.CreateConnectionStringBuilder()!;
        settings.ConnectionString = liveConnection.ConnectionString;
        settings["Data Source"] = path;
        settings["Pooling"] = false;
        var connection = factory.CreateConnection()!;
        connection.ConnectionString = settings.ConnectionString;

        var context = ActivatorUtilities.CreateInstance<TContext>(services);
        context.Database.SetDbConnection(connection, contextOwnsConnection: true);
        var stage = new SqliteStage<TContext>(live, context, merchantId, path);
        try
        {
            await context.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);

            // Opened once for the stage's life, so these per-connection settings hold. The file is thrown away if anything
            // fails, so it needs no durability. A rollback journal (not the write-ahead log EnsureCreated chose) writes a
            // new page once, straight into the file; it keeps on disk, not in memory, the copied-in pages the import
            // changes, so the stores can still roll back a savepoint. Without secondary indexes the stage appends in key
            // order, so 8 MB of page cache does what the live file's 64 MB does: 60 MB less memory per import, the same
            // time within a few percent (docs/performance.md, run Q).
            await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await context.Database.ExecuteSqlRawAsync(
                $"PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA secure_delete = OFF; PRAGMA cache_size = -8192; " +
                $"CREATE TABLE {BaseTable} (Id PRIMARY KEY) WITHOUT ROWID; CREATE TABLE {RenamedTable} (Id PRIMARY KEY) WITHOUT ROWID;",
                cancellationToken).ConfigureAwait(false);
            await stage.DropAppendOnlyIndexesAsync(cancellationToken).ConfigureAwait(false);
            await stage.CopyInAsync(existingCustomers, cancellationToken).ConfigureAwait(false);
            return stage;
        }
        catch
        {
            await stage.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Copies what the stage wrote into the live file in one write transaction, after checking that the customers
    /// copied in at the start (and their ledger accounts) are as they were; the stage's own transaction must have
    /// committed. Throws <see cref="StagedWriteConflictException"/>, having written nothing, when one changed or a written
    /// email or code was taken meanwhile. A merge that committed throws the stage away before it returns.
    /// </summary>
    public async Task MergeAsync(CancellationToken cancellationToken)
    {
        var database = _live.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WithCheckpointAfterAsync(() => WithStageAttachedAsync(() => WithoutForeignKeyChecksAsync(() => WithMergeSettingsAsync(
                CopyInOneTransactionAsync, cancellationToken), cancellationToken), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }

        async Task CopyInOneTransactionAsync()
        {
            var transaction = new EntityFrameworkCoreAmbientTransaction<TContext>.OpenTransaction(_live);
            await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await CheckUnchangedAsync(cancellationToken).ConfigureAwait(false);
                await CheckNothingElseWrittenAsync(cancellationToken).ConfigureAwait(false);
                await CopyAcrossAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException exception) when (UniqueViolation.IsUniqueViolation(exception))
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                throw new StagedWriteConflictException(null, "Another customer took an email or customer code the staged writes use; nothing was written.", exception);
            }
            finally
            {
                await transaction.RollbackIfOpenAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs the merge with the live connection's automatic checkpoint off (put back afterwards: the connection is pooled),
    /// and after a merge that committed, throws the stage away and then copies the log into the database file. SQLite
    /// checkpoints in the committing call, which copies everything the merge wrote to the log into the file a second
    /// time; with the stage's pages still in the operating system's page cache, copying a million customers' 3 GB took
    /// 25 s, and 5 s once the stage was deleted (docs/performance.md, run T). The checkpoint is passive, as the automatic
    /// one is, so a till reading or writing meanwhile is not held up; the import has committed, so it is not cancelled.
    /// </summary>
    private async Task WithCheckpointAfterAsync(Func<Task> merge, CancellationToken cancellationToken)
    {
        var pages = await ScalarAsync("PRAGMA wal_autocheckpoint", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync("PRAGMA wal_autocheckpoint = 0", cancellationToken).ConfigureAwait(false);
        try
        {
            await merge().ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {Convert.ToInt64(pages, CultureInfo.InvariantCulture)}"), CancellationToken.None).ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
        await ScalarAsync("PRAGMA wal_checkpoint(PASSIVE)", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the merge with a smaller page cache and one helper thread for SQLite's sorts, both put back afterwards (the
    /// connection is pooled). SQLite sizes a sort's memory by the page cache, so the merge's index builds and key-order
    /// copies held up to 64 MB of sort runs on top of 64 MB of pages: at a million rows the merge was the import's peak,
    /// about 340 MB, and 32 MB brought it to 283 MB (docs/performance.md, run R). A helper thread sorts half of each run:
    /// the name index of 400,000 customers was built in 1.8 s instead of 2.9 s under the write lock; it sorts with its own
    /// memory of the same size, so the cache went to 24 MB, which keeps a million-row import under 300 MB (run U).
    /// </summary>
    private async Task WithMergeSettingsAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        var cacheSize = await ScalarAsync("PRAGMA main.cache_size", cancellationToken).ConfigureAwait(false);
        var threads = await ScalarAsync("PRAGMA threads", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(string.Create(CultureInfo.InvariantCulture, $"PRAGMA main.cache_size = {MergeCacheSize}; PRAGMA threads = {MergeSortHelpers}"), cancellationToken).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            await ExecuteAsync(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA main.cache_size = {Convert.ToInt64(cacheSize, CultureInfo.InvariantCulture)}; PRAGMA threads = {Convert.ToInt64(threads, CultureInfo.InvariantCulture)}"),
                CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs the merge with SQLite's foreign-key checks off. They were made in the stage, whose tables have the same
    /// foreign keys: a staged name row's customer and a staged batch entry's batch are staged too, so the merge copies
    /// every parent with its children, and the re-check of the customers read into the stage fails the merge before a
    /// parent could be missing from the live file. Checking again is a parent lookup per copied row under the write lock,
    /// about a tenth of it (docs/performance.md, run Q). The setting belongs to the connection, so it is put back, and it
    /// cannot change inside a transaction, so it goes around it.
    /// </summary>
    private async Task WithoutForeignKeyChecksAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        var enforced = await ScalarAsync("PRAGMA foreign_keys", cancellationToken).ConfigureAwait(false) is 1L;
        if (enforced)
        {
            await ExecuteAsync("PRAGMA foreign_keys = OFF", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            if (enforced)
            {
                await ExecuteAsync("PRAGMA foreign_keys = ON", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Throws the stage away; safe to call again (a committed transaction is disposed too).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        SqliteWriterQueue.Forget(Context);
        await Context.DisposeAsync().ConfigureAwait(false);
        foreach (var suffix in new[] { string.Empty, "-journal", "-wal", "-shm" })
        {
            try
            {
                File.Delete(_path + suffix);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Left for the next stage on this file to delete (DeleteAbandoned).
            }
        }
    }

    /// <summary>
    /// Drops the secondary indexes of the tables the import only appends to and the merge copies out: nothing reads them
    /// by those keys while the stage is open (the stores read customers and their name rows by primary key), and their
    /// uniqueness is the live file's to enforce when the rows arrive there. Each index is one more B-tree every staged
    /// row is inserted into; without them the stage takes about two fifths less time (docs/performance.md, run Q). The
    /// tables copied in for reading (ledger accounts) keep theirs.
    /// </summary>
    private async Task DropAppendOnlyIndexesAsync(CancellationToken cancellationToken)
    {
        var drops = string.Concat(CopiedTypes.SelectMany(type => Table(type).Indexes).Select(index => $"DROP INDEX {Delimit(index.Name)}; "));
        await Context.Database.ExecuteSqlRawAsync(drops, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stages of a process that died mid-import: it holds personal data (an erasure would not reach it), so it goes as
    /// soon as its process is gone, or after a day in case the process id was reused.
    /// </summary>
    private static void DeleteAbandoned(string livePath)
    {
        var folder = Path.GetDirectoryName(livePath)!;
        var prefix = Path.GetFileName(livePath) + FileMarker;
        foreach (var file in Directory.EnumerateFiles(folder, prefix + "*"))
        {
            var owner = Path.GetFileName(file)[prefix.Length..].Split('-')[0];
            var abandoned = !int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
                || !IsRunning(processId)
                || DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > AbandonedAfter;
            try
            {
                if (abandoned)
                {
                    File.Delete(file);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // In use, already gone, or not ours to delete.
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the customers the transaction will update and their ledger accounts from the live file into the stage
    /// with set-based statements (no lock on the live file: it only reads there), and remembers the versions the merge
    /// must find again. Their name index stays behind: the store writes a renamed customer's whole index when it finds
    /// none, and the merge keeps the live index of everyone else.
    /// </summary>
    private async Task CopyInAsync(IReadOnlyCollection<Guid> existingCustomers, CancellationToken cancellationToken)
    {
        if (existingCustomers.Count == 0)
        {
            return;
        }

        await WithStageAttachedAsync(async () =>
        {
            // The ids go in through the model's own mapping, so they match the live file's stored form exactly.
            var idMapping = _live.Model.FindEntityType(typeof(Customer))!.FindProperty(nameof(Customer.Id))!.GetRelationalTypeMapping();
            foreach (var chunk in existingCustomers.Distinct().Chunk(IdsPerStatement))
            {
                await using var insert = Command(
                    $"INSERT OR IGNORE INTO {Alias}.{BaseTable} (Id) VALUES {string.Join(", ", chunk.Select((_, i) => $"({Parameter("id" + i.ToString(CultureInfo.InvariantCulture))})"))}", []);
                for (var i = 0; i < chunk.Length; i++)
                {
                    insert.Parameters.Add(idMapping.CreateParameter(insert, Parameter("id" + i.ToString(CultureInfo.InvariantCulture)), chunk[i], nullable: false));
                }

                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await CopyInAsync(Table<Customer>(), Column<Customer>(nameof(Customer.MerchantId)), Column<Customer>(nameof(Customer.Id)), cancellationToken).ConfigureAwait(false);
            await CopyInAsync(Table<LedgerAccount>(), Column<LedgerAccount>(nameof(LedgerAccount.MerchantId)), Column<LedgerAccount>(nameof(LedgerAccount.CustomerId)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        foreach (var customer in await Context.Set<Customer>().AsNoTracking().Select(c => new { c.Id, c.Version }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            _baseVersions[customer.Id] = customer.Version;
            _baseAccounts[customer.Id] = [];
        }

        foreach (var account in await Context.Set<LedgerAccount>().AsNoTracking().Select(a => new { a.CustomerId, a.Id, a.Version }).ToListAsync(cancellationToken).ConfigureAwait(false))
        {
            _copiedAccounts++;
            if (_baseAccounts.TryGetValue(account.CustomerId, out var accounts))
            {
                accounts.Add((account.Id, account.Version));
            }
        }
    }

    private Task CopyInAsync(ITable table, string merchantColumn, string customerColumn, CancellationToken cancellationToken) => ExecuteAsync(
        $"INSERT INTO {Staged(table)} ({ColumnList(table)}) SELECT {ColumnList(table)} FROM {Live(table)} " +
        $"WHERE {merchantColumn} = {Parameter("merchant")} AND {customerColumn} IN (SELECT Id FROM {Alias}.{BaseTable})",
        cancellationToken, ("merchant", MerchantValue()));

    /// <summary>Runs <paramref name="work"/> on the live DbContext's connection with the stage attached to it (ATTACH
    /// cannot run inside a transaction, so this wraps any transaction the work begins).</summary>
    private async Task WithStageAttachedAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        var database = _live.Database;
        await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync($"ATTACH DATABASE {Parameter("path")} AS {Alias}", cancellationToken, ("path", _path)).ConfigureAwait(false);
            try
            {
                await work().ConfigureAwait(false);
            }
            finally
            {
                await ExecuteAsync($"DETACH DATABASE {Alias}", CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            await database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private async Task CheckUnchangedAsync(CancellationToken cancellationToken)
    {
        foreach (var chunk in _baseVersions.Keys.Chunk(IdsPerRead))
        {
            var ids = chunk.ToList();
            var versions = await _live.Set<Customer>().AsNoTracking()
                .Where(c => c.MerchantId == _merchantId && EF.Parameter(ids).Contains(c.Id))
                .Select(c => new { c.Id, c.Version })
                .ToDictionaryAsync(c => c.Id, c => c.Version, cancellationToken).ConfigureAwait(false);
            var accounts = (await _live.Set<LedgerAccount>().AsNoTracking()
                .Where(a => a.MerchantId == _merchantId && EF.Parameter(ids).Contains(a.CustomerId))
                .Select(a => new { a.CustomerId, a.Id, a.Version })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToLookup(a => a.CustomerId, a => (a.Id, a.Version));
            foreach (var id in ids)
            {
                if (!versions.TryGetValue(id, out var version) || version != _baseVersions[id] || !_baseAccounts[id].SetEquals(accounts[id]))
                {
                    throw new StagedWriteConflictException(id, "A customer the staged writes update changed meanwhile; nothing was written.");
                }
            }
        }
    }

    /// <summary>A stage that wrote a table the merge does not copy would lose those rows: refused as a bug, not skipped.</summary>
    private async Task CheckNothingElseWrittenAsync(CancellationToken cancellationToken)
    {
        var copied = CopiedTypes.Append(typeof(LedgerAccount)).Append(typeof(ChangeFeedCounter)).Select(t => Table(t).Name).ToHashSet(StringComparer.Ordinal);
        foreach (var table in _live.Model.GetRelationalModel().Tables.Where(t => !copied.Contains(t.Name)))
        {
            if (await ScalarAsync($"SELECT EXISTS (SELECT 1 FROM {Staged(table)})", cancellationToken).ConfigureAwait(false) is 1L)
            {
                throw new InvalidOperationException($"The staged writes changed {table.Name}, which the merge does not copy; nothing was written.");
            }
        }

        var accounts = await ScalarAsync($"SELECT COUNT(*) FROM {Staged(Table<LedgerAccount>())}", cancellationToken).ConfigureAwait(false);
        if (Convert.ToInt64(accounts, CultureInfo.InvariantCulture) != _copiedAccounts)
        {
            throw new InvalidOperationException("The staged writes changed ledger accounts, which the merge does not copy; nothing was written.");
        }
    }

    private static readonly Type[] CopiedTypes =
        [typeof(Customer), typeof(CustomerNameToken), typeof(ConsentRecord), typeof(ImportBatch), typeof(ImportBatchEntry), typeof(ChangeFeedEntry), typeof(AuditEntry)];

    private async Task CopyAcrossAsync(CancellationToken cancellationToken)
    {
        var customers = Table<Customer>();
        var key = customers.PrimaryKey!.Columns.Select(c => Delimit(c.Name)).ToList();
        var id = Column<Customer>(nameof(Customer.Id));
        var names = Column<Customer>(nameof(Customer.NameTokens));

        // Which updated customers the stage renamed, read before their rows are replaced: only their name index changes.
        await ExecuteAsync(
            $"INSERT INTO {Alias}.{RenamedTable} (Id) SELECT s.{id} FROM {Alias}.{BaseTable} b " +
            $"JOIN {Staged(customers)} s ON s.{Column<Customer>(nameof(Customer.MerchantId))} = {Parameter("merchant")} AND s.{id} = b.Id " +
            $"JOIN {Live(customers)} c ON {string.Join(" AND ", key.Select(k => $"c.{k} = s.{k}"))} WHERE s.{names} IS NOT c.{names}",
            cancellationToken, ("merchant", MerchantValue())).ConfigureAwait(false);

        // Decided once, before the customers arrive: the name rows (a table without row ids to read) follow their customers.
        var manyCustomers = await StageIsAtLeastHalfAsync(customers, cancellationToken).ConfigureAwait(false);
        var others = customers.Columns.Where(c => !customers.PrimaryKey.Columns.Contains(c)).Select(c => Delimit(c.Name));
        await IntoLiveAsync(customers, () => ExecuteAsync(
            $"INSERT INTO {Live(customers)} ({ColumnList(customers)}) SELECT {ColumnList(customers)} FROM {Staged(customers)} WHERE true {InKeyOrder(customers)} " +
            $"ON CONFLICT ({string.Join(", ", key)}) DO UPDATE SET {string.Join(", ", others.Select(c => $"{c} = excluded.{c}"))}",
            cancellationToken), cancellationToken, manyCustomers).ConfigureAwait(false);

        // New customers' name index and renamed customers' new one come from the stage; the others keep theirs.
        var tokens = Table<CustomerNameToken>();
        var tokenCustomer = Column<CustomerNameToken>(nameof(CustomerNameToken.CustomerId));
        await ExecuteAsync(
            $"DELETE FROM {Live(tokens)} WHERE {Column<CustomerNameToken>(nameof(CustomerNameToken.MerchantId))} = {Parameter("merchant")} " +
            $"AND {tokenCustomer} IN (SELECT Id FROM {Alias}.{RenamedTable})",
            cancellationToken, ("merchant", MerchantValue())).ConfigureAwait(false);
        await IntoLiveAsync(tokens, () => ExecuteAsync(
            $"INSERT INTO {Live(tokens)} ({ColumnList(tokens)}) SELECT {ColumnList(tokens)} FROM {Staged(tokens)} " +
            $"WHERE {tokenCustomer} IN (SELECT Id FROM {Alias}.{RenamedTable}) OR {tokenCustomer} NOT IN (SELECT Id FROM {Alias}.{BaseTable}) {InKeyOrder(tokens)}",
            cancellationToken), cancellationToken, manyCustomers).ConfigureAwait(false);

        // The stage has no tickets, so it wrote renamed customers as never visited: those with a ticket get their visit
        // keys from the live tickets, as they are now. (New customers have no tickets.)
        await CustomerVisitKeys.RefreshAsync(_live, _merchantId, await RenamedCustomersWithTicketsAsync(cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

        await CopyAsync(Table<ConsentRecord>(), cancellationToken).ConfigureAwait(false);
        await CopyAsync(Table<ImportBatch>(), cancellationToken).ConfigureAwait(false);
        await CopyAsync(Table<ImportBatchEntry>(), cancellationToken).ConfigureAwait(false);

        // The stage numbered its changes from 1; they follow the live feed's last number, which stays reserved (the
        // counter is raised in this transaction) until the commit, as a direct write's numbers would.
        var counter = Table<ChangeFeedCounter>();
        var counterMerchant = Column<ChangeFeedCounter>(nameof(ChangeFeedCounter.MerchantId));
        var counterLast = Column<ChangeFeedCounter>(nameof(ChangeFeedCounter.LastSequence));
        var staged = await ScalarAsync(
            $"SELECT {counterLast} FROM {Staged(counter)} WHERE {counterMerchant} = {Parameter("merchant")}", cancellationToken, ("merchant", MerchantValue())).ConfigureAwait(false);
        var offset = await ScalarAsync(
            $"SELECT {counterLast} FROM {Live(counter)} WHERE {counterMerchant} = {Parameter("merchant")}", cancellationToken, ("merchant", MerchantValue())).ConfigureAwait(false);
        var first = offset is null or DBNull ? 0L : Convert.ToInt64(offset, CultureInfo.InvariantCulture);
        await CopyAsync(Table<ChangeFeedEntry>(), cancellationToken, (Column<ChangeFeedEntry>(nameof(ChangeFeedEntry.Sequence)), first)).ConfigureAwait(false);
        await CopyAsync(Table<AuditEntry>(), cancellationToken, (Column<AuditEntry>(nameof(AuditEntry.Sequence)), first)).ConfigureAwait(false);
        if (staged is not (null or DBNull))
        {
            await ExecuteAsync(
                $"INSERT INTO {Live(counter)} ({counterMerchant}, {counterLast}) VALUES ({Parameter("merchant")}, {Parameter("last")}) " +
                $"ON CONFLICT ({counterMerchant}) DO UPDATE SET {counterLast} = excluded.{counterLast}",
                cancellationToken, ("merchant", MerchantValue()), ("last", first + Convert.ToInt64(staged, CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }
    }

    private async Task<List<Guid>> RenamedCustomersWithTicketsAsync(CancellationToken cancellationToken)
    {
        var tickets = Table<TicketLink>();
        await using var command = Command(
            $"SELECT DISTINCT {Column<TicketLink>(nameof(TicketLink.CustomerId))} FROM {Live(tickets)} " +
            $"WHERE {Column<TicketLink>(nameof(TicketLink.MerchantId))} = {Parameter("merchant")} " +
            $"AND {Column<TicketLink>(nameof(TicketLink.CustomerId))} IN (SELECT Id FROM {Alias}.{RenamedTable})",
            [("merchant", MerchantValue())]);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Copies every staged row of <paramref name="table"/>, adding <c>shift</c>'s amount to its column when given.</summary>
    private Task CopyAsync(ITable table, CancellationToken cancellationToken, (string Column, long By)? shift = null)
    {
        var select = string.Join(", ", table.Columns.Select(c => Delimit(c.Name)).Select(c =>
            shift is { } s && c == s.Column ? string.Create(CultureInfo.InvariantCulture, $"{c} + {s.By}") : c));
        return IntoLiveAsync(table, () => ExecuteAsync($"INSERT INTO {Live(table)} ({ColumnList(table)}) SELECT {select} FROM {Staged(table)} {InKeyOrder(table)}", cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="copy"/> into a live table, first dropping its secondary indexes and building them again
    /// afterwards when the stage holds at least half as many of its rows as the live file. Inserting into an index goes
    /// to a random leaf per row; building one sorts once. For 200,000 customers and their million name rows into a file
    /// holding one customer that took the copy from 6.8 s to 4.6 s (docs/performance.md, run Q). Since an import's ids
    /// come in file order its rows append to the primary keys, so the secondary indexes are most of what is left:
    /// a million name rows into a file holding a million took 7.5 s inserted and 4.1 s with the token index built again,
    /// and the customers themselves cost the same either way (run S). A small import into a large file would pay to
    /// rebuild the whole index, so it inserts (at the threshold, 100,000 new customers into a file holding 200,000, both
    /// ways held the write lock equally long). Both happen inside the merge's transaction, so a rollback restores the
    /// indexes as they were, and a unique index that cannot be built because a key was taken meanwhile fails the merge
    /// like a refused insert.
    /// </summary>
    private async Task IntoLiveAsync(ITable table, Func<Task> copy, CancellationToken cancellationToken, bool? stageIsAtLeastHalf = null)
    {
        var rebuilt = new List<(string Name, string Definition)>();
        if (table.Indexes.Any() && (stageIsAtLeastHalf ?? await StageIsAtLeastHalfAsync(table, cancellationToken).ConfigureAwait(false)))
        {
            foreach (var index in table.Indexes)
            {
                if (await ScalarAsync(
                    $"SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = {Parameter("name")}", cancellationToken, ("name", index.Name)).ConfigureAwait(false)
                    is string definition)
                {
                    rebuilt.Add((index.Name, definition));
                }
            }
        }

        foreach (var (name, _) in rebuilt)
        {
            await ExecuteAsync($"DROP INDEX main.{Delimit(name)}", cancellationToken).ConfigureAwait(false);
        }

        await copy().ConfigureAwait(false);
        foreach (var (_, definition) in rebuilt)
        {
            await ExecuteAsync(definition, cancellationToken).ConfigureAwait(false);
        }
    }

    // By the largest row id, not a count: as cheap as one descent of the table's B-tree, and an estimate is all the
    // choice above needs (the stage's row ids only grow). A table without row ids (the name rows) is sized by its
    // customers instead: about five rows each, staged or live.
    private async Task<bool> StageIsAtLeastHalfAsync(ITable table, CancellationToken cancellationToken)
    {
        var staged = await LastRowIdAsync(Staged(table), cancellationToken).ConfigureAwait(false);
        var live = await LastRowIdAsync(Live(table), cancellationToken).ConfigureAwait(false);
        return staged > 0 && 2 * staged >= live;
    }

    private async Task<long> LastRowIdAsync(string table, CancellationToken cancellationToken) =>
        await ScalarAsync($"SELECT max(rowid) FROM {table}", cancellationToken).ConfigureAwait(false) is long last ? last : 0;

    /// <summary>
    /// Rows go into the live file in primary-key order, so the key's B-tree takes each one next to the last instead of
    /// at a random leaf. The stage's own row order is not that order (a chunk's name rows are written word by word):
    /// copying 1,000,000 name rows took 7.8 s in the stage's order and 4.0 s in key order (docs/performance.md, run Q).
    /// </summary>
    private string InKeyOrder(ITable table) => "ORDER BY " + string.Join(", ", table.PrimaryKey!.Columns.Select(c => Delimit(c.Name)));

    // The merchant as the model stores it, by the one conversion the till search and the visit keys use too.
    private object MerchantValue() => PreparedTillSearch.NamesFor(_live).MerchantValue(_merchantId);

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private DbCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var database = _live.Database;
        var command = database.GetDbConnection().CreateCommand();
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        if (database.GetCommandTimeout() is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = Parameter(name);
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private ITable Table<T>() => Table(typeof(T));

    private ITable Table(Type type) =>
        (_live.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model; call modelBuilder.AddCustomerCore()."))
        .GetTableMappings().First().Table;

    private string Column<T>(string property)
    {
        var entity = _live.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        return Delimit(entity.FindProperty(property)!.GetColumnName(table)!);
    }

    private string ColumnList(ITable table) => string.Join(", ", table.Columns.Select(c => Delimit(c.Name)));

    private string Live(ITable table) => "main." + Delimit(table.Name);

    private string Staged(ITable table) => $"{Alias}.{Delimit(table.Name)}";

    private string Delimit(string identifier) => _live.GetService<ISqlGenerationHelper>().DelimitIdentifier(identifier);

    private string Parameter(string name) => _live.GetService<ISqlGenerationHelper>().GenerateParameterName(name);
}
