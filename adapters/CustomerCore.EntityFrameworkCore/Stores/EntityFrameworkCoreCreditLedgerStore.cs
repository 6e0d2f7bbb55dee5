using CustomerCore.Credit;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// An <see cref="ICreditLedgerStore"/> over <typeparamref name="TContext"/>. An append is one conditional
/// <c>UPDATE ... WHERE Version = @expected</c> of the account row followed by the entry's <c>INSERT</c>, in one
/// transaction (the caller's unit of work when one is open, behind a savepoint; otherwise its own). The database
/// serializes writers on the account row (PostgreSQL's row lock, SQLite's write lock), so the version check holds
/// across DbContexts and processes; the unique (merchant, idempotency key) index stops a key from posting twice.
/// </summary>
/// <typeparam name="TContext">The DbContext holding CustomerCore's model.</typeparam>
public sealed class EntityFrameworkCoreCreditLedgerStore<TContext> : ICreditLedgerStore
    where TContext : DbContext
{
    private const string AppendSavepoint = "CustomerCoreLedgerAppend";

    private readonly TContext _context;
    private readonly EntityFrameworkCoreAmbientTransaction<TContext> _ambient;

    /// <summary>Creates the store; normally resolved from dependency injection.</summary>
    public EntityFrameworkCoreCreditLedgerStore(TContext context, EntityFrameworkCoreAmbientTransaction<TContext> ambient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ambient);
        _context = context;
        _ambient = ambient;
    }

    /// <summary>How far an append got before it stopped; the outcome is worked out after the rollback.</summary>
    private enum AppendStep
    {
        Appended,
        AccountNotUpdated,
        EntryRefused,
    }

    private DbContext Context => _ambient.ContextFor(_context);

    private IQueryable<LedgerAccount> AccountsOf(MerchantId merchantId) =>
        Context.Set<LedgerAccount>().AsNoTracking().Where(a => a.MerchantId == merchantId);

    private IQueryable<LedgerEntry> EntriesOf(MerchantId merchantId) =>
        Context.Set<LedgerEntry>().AsNoTracking().Where(e => e.MerchantId == merchantId);

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> CreateAccountAsync(LedgerAccount account, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        return await EntityWrites.InsertAsync(Context, account.Clone(), StoreWriteOutcome.DuplicateName, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoreWriteOutcome> UpdateAccountAsync(LedgerAccount account, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var context = Context;
        var entry = context.Attach(account.Clone());
        entry.State = EntityState.Modified;
        entry.Property(a => a.Version).OriginalValue = expectedVersion;

        // Settings only: the cached totals change together with an entry, never here, so a stale copy cannot roll them back.
        entry.Property(a => a.Balance).IsModified = false;
        entry.Property(a => a.Held).IsModified = false;
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return StoreWriteOutcome.Success;
        }
        catch (DbUpdateConcurrencyException)
        {
            entry.State = EntityState.Detached;
            return await FindVersionAsync(account.MerchantId, account.Id, cancellationToken).ConfigureAwait(false) is null
                ? StoreWriteOutcome.NotFound
                : StoreWriteOutcome.VersionConflict;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            return StoreWriteOutcome.DuplicateName;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    /// <inheritdoc />
    public Task<LedgerAccount?> FindAccountAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken) =>
        AccountsOf(merchantId).Where(a => a.Id == accountId).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public Task<LedgerAccount?> FindAccountByNameAsync(
        MerchantId merchantId, Guid customerId, LedgerAccountKind kind, string normalizedName, CancellationToken cancellationToken) =>
        AccountsOf(merchantId)
            .Where(a => a.CustomerId == customerId && a.Kind == kind && a.NormalizedName == normalizedName)
            .SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, Guid customerId, CancellationToken cancellationToken)
    {
        var accounts = await AccountsOf(merchantId).Where(a => a.CustomerId == customerId).ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here: the kind is stored by name, so SQL would sort it alphabetically rather than by value; and a
        // customer has a handful of accounts.
        return accounts.OrderBy(a => a.Kind).ThenBy(a => a.NormalizedName, StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerAccount>> ListAccountsAsync(MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        if (customerIds.Count == 0)
        {
            return [];
        }

        // One parameter holding every id (an array on PostgreSQL, JSON on SQLite), so the statement text and its cached
        // plan do not depend on how many customers are asked for; the (merchant, customer, ...) unique index answers it.
        var ids = customerIds.Distinct().ToList();
        var accounts = await AccountsOf(merchantId).Where(a => EF.Parameter(ids).Contains(a.CustomerId)).ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here for the same reasons as a single customer's list, and so customer ids follow Guid.CompareTo, which
        // not every database's uuid order matches.
        return accounts
            .OrderBy(a => a.CustomerId)
            .ThenBy(a => a.Kind)
            .ThenBy(a => a.NormalizedName, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task<LedgerAppendOutcome> AppendAsync(LedgerAccount account, long expectedVersion, LedgerEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.AccountId != account.Id || entry.MerchantId != account.MerchantId)
        {
            return LedgerAppendOutcome.AccountNotFound;
        }

        var context = Context;
        AppendStep step;
        if (context.Database.CurrentTransaction is { } open)
        {
            // Inside the caller's unit of work: a savepoint undoes this append alone, and keeps a PostgreSQL
            // transaction usable after the unique index refused the entry.
            await open.CreateSavepointAsync(AppendSavepoint, cancellationToken).ConfigureAwait(false);
            step = await WriteAsync(context, account, expectedVersion, entry, cancellationToken).ConfigureAwait(false);
            if (step == AppendStep.Appended)
            {
                await open.ReleaseSavepointAsync(AppendSavepoint, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await open.RollbackToSavepointAsync(AppendSavepoint, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            // Through the execution strategy, so a host that enabled retry on failure can still use the store.
            var strategy = context.Database.CreateExecutionStrategy();
            step = await strategy.ExecuteAsync(
                (Store: this, Context: context, Account: account, Expected: expectedVersion, Entry: entry),
                static async (_, state, ct) =>
                {
                    await using var transaction = await state.Context.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
                    var written = await state.Store.WriteAsync(state.Context, state.Account, state.Expected, state.Entry, ct).ConfigureAwait(false);
                    if (written == AppendStep.Appended)
                    {
                        await transaction.CommitAsync(ct).ConfigureAwait(false);
                    }

                    // Otherwise disposing the transaction rolls the account update back.
                    return written;
                },
                verifySucceeded: null,
                cancellationToken).ConfigureAwait(false);
        }

        return step switch
        {
            AppendStep.Appended => LedgerAppendOutcome.Appended,
            AppendStep.EntryRefused when await FindEntryByIdempotencyKeyAsync(entry.MerchantId, entry.IdempotencyKey, cancellationToken).ConfigureAwait(false) is not null
                => LedgerAppendOutcome.DuplicateIdempotencyKey,
            _ => await FindVersionAsync(account.MerchantId, account.Id, cancellationToken).ConfigureAwait(false) is null
                ? LedgerAppendOutcome.AccountNotFound
                : LedgerAppendOutcome.VersionConflict,
        };
    }

    /// <inheritdoc />
    public Task<LedgerEntry?> FindEntryByIdempotencyKeyAsync(MerchantId merchantId, string idempotencyKey, CancellationToken cancellationToken) =>
        EntriesOf(merchantId).Where(e => e.IdempotencyKey == idempotencyKey).SingleOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ListEntriesAsync(
        MerchantId merchantId, Guid accountId, long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await EntriesOf(merchantId)
            .Where(e => e.AccountId == accountId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ListEntriesByHoldAsync(MerchantId merchantId, Guid holdId, CancellationToken cancellationToken) =>
        await EntriesOf(merchantId)
            .Where(e => e.HoldId == holdId)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);

    /// <summary>The two writes of an append, inside a transaction the caller rolls back unless they both succeed.</summary>
    private async Task<AppendStep> WriteAsync(DbContext context, LedgerAccount account, long expectedVersion, LedgerEntry entry, CancellationToken cancellationToken)
    {
        // The account row first: its row lock (or SQLite's write lock) orders concurrent appenders, and a stale
        // version is found before the entry is even sent.
        var updated = await context.Set<LedgerAccount>()
            .Where(a => a.MerchantId == account.MerchantId && a.Id == account.Id && a.Version == expectedVersion)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(a => a.Balance, account.Balance)
                    .SetProperty(a => a.Held, account.Held)
                    .SetProperty(a => a.Version, account.Version)
                    .SetProperty(a => a.UpdatedAt, account.UpdatedAt)
                    .SetProperty(a => a.UpdatedBy, account.UpdatedBy),
                cancellationToken)
            .ConfigureAwait(false);
        if (updated == 0)
        {
            return AppendStep.AccountNotUpdated;
        }

        var added = context.Add(entry.Clone());

        // The transaction around this save is already ours to roll back; EF Core's own savepoint would only add round trips.
        var savepoints = context.Database.AutoSavepointsEnabled;
        context.Database.AutoSavepointsEnabled = false;
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return AppendStep.Appended;
        }
        catch (DbUpdateException exception) when (UniqueViolation.IsUniqueViolation(exception))
        {
            return AppendStep.EntryRefused;
        }
        finally
        {
            context.Database.AutoSavepointsEnabled = savepoints;
            added.State = EntityState.Detached;
        }
    }

    private Task<long?> FindVersionAsync(MerchantId merchantId, Guid accountId, CancellationToken cancellationToken) =>
        AccountsOf(merchantId).Where(a => a.Id == accountId).Select(a => (long?)a.Version).SingleOrDefaultAsync(cancellationToken);
}
