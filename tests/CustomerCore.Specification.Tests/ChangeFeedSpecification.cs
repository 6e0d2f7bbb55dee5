using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CustomerCore.Auditing;
using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Groups;
using CustomerCore.Importing;
using CustomerCore.Loyalty;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>
/// The change feed and the audit trail: every committed change gets the merchant's next sequence number with a till
/// snapshot and an audit entry, in the same unit of work; failed and rolled-back work leaves nothing; numbers have no
/// gaps and commit in order under concurrent writers; erasure leaves tombstones.
/// </summary>
public abstract partial class ChangeFeedSpecification : CustomerCoreSpecificationTestBase
{
    /// <summary>Concurrent writers in the ordering test.</summary>
    protected virtual int ConcurrentWriters => 8;

    /// <summary>Changes each concurrent writer makes.</summary>
    protected virtual int ChangesPerWriter => 25;

    /// <summary>The cancellation token of the running test.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <inheritdoc />
    protected override void ConfigureOptions(CustomerCoreOptions options)
    {
        base.ConfigureOptions(options);
        options.Loyalty = new LoyaltyProgram { Enabled = true, Rate = 1m, Rounding = LoyaltyRounding.Down };
    }

    /// <summary>Fails the test with the errors when the result failed, else returns its value.</summary>
    protected static T Ok<T>(OperationResult<T> result)
    {
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    /// <summary>Every feed entry of the test's merchant, read page by page.</summary>
    protected async Task<List<ChangeFeedEntry>> ReadFeedAsync(long after = 0)
    {
        var feed = Resolve<CustomerChangeFeed>();
        var all = new List<ChangeFeedEntry>();
        while (true)
        {
            var page = Ok(await feed.ReadAsync(Merchant, after, 7, Ct));
            all.AddRange(page);
            if (page.Count == 0)
            {
                return all;
            }

            after = page[^1].Sequence;
        }
    }

    private async Task<Customer> CreateAsync(CustomerInput input) =>
        Ok(await Resolve<CustomerService>().CreateAsync(Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct)).Customer!;

    private async Task<List<ChangeFeedEntry>> NewEntriesAsync(Func<Task> change)
    {
        var before = (await ReadFeedAsync()).LastOrDefault()?.Sequence ?? 0;
        await change();
        return await ReadFeedAsync(before);
    }

    [Fact]
    public async Task CustomerChanges_AreNumberedFromOne_WithTheTillSnapshot()
    {
        var created = await CreateAsync(new CustomerInput
        {
            FirstName = "Ada",
            LastName = "Lovelace",
            Email = "ada" + Unique() + "@example.com",
            Phone = "07911 123456",
            PostalCode = "sw1a 1aa",
            CustomerCode = "C-" + Unique(),
        });
        var updated = Ok(await Resolve<CustomerService>().UpdateAsync(
            Merchant, created.Id, created.Version, CustomerInput.From(created) with { LastName = "King" }, Ct));

        var feed = await ReadFeedAsync();

        Assert.Equal([1L, 2L], feed.Select(e => e.Sequence));
        Assert.Equal([ChangeKind.CustomerCreated, ChangeKind.CustomerUpdated], feed.Select(e => e.Kind));
        Assert.All(feed, e => Assert.Equal(created.Id, e.EntityId));
        var snapshot = feed[1].Customer!;
        Assert.Equal(updated.Version, snapshot.Version);
        Assert.Equal("King", snapshot.LastName);
        Assert.Equal("+447911123456", snapshot.PhoneE164);
        Assert.Equal(created.Email, snapshot.Email);
        Assert.Equal(created.CustomerCode, snapshot.CustomerCode);
        Assert.Equal("sw1a 1aa", snapshot.PostalCode);
        Assert.Equal(Clock.GetUtcNow(), feed[1].OccurredAt);
    }

    [Fact]
    public async Task APreference_TravelsInTheTillSnapshot_ToAnOfflineDirectory()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Pref", Preferences = [new CustomerPreference("receipt", "email")] });
        Ok(await Resolve<CustomerService>().SetPreferenceAsync(Merchant, created.Id, created.Version, "size", "M", Ct));

        var feed = await ReadFeedAsync();
        var replica = new TillDirectory(Merchant, "GB");
        replica.Apply(feed);

        Assert.Equal([new CustomerPreference("receipt", "email")], feed[0].Customer!.Preferences);
        Assert.Equal(ChangeKind.CustomerUpdated, feed[^1].Kind);
        Assert.Equal(
            [new CustomerPreference("receipt", "email"), new CustomerPreference("size", "M")],
            replica.Find(created.Id)!.Preferences.OrderBy(p => p.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task FailedAndRolledBackWork_LeavesNoEntryAndNoGap()
    {
        var email = "dup" + Unique() + "@example.com";
        await CreateAsync(new CustomerInput { Email = email });
        var duplicate = await Resolve<CustomerService>().CreateAsync(Merchant, new CustomerInput { Email = email }, cancellationToken: Ct);
        Assert.False(duplicate.Succeeded);

        await using (await Resolve<ICustomerCoreUnitOfWork>().BeginAsync(Ct))
        {
            await CreateAsync(new CustomerInput { FirstName = "Rolled back" });
        }

        await CreateAsync(new CustomerInput { FirstName = "Kept" });

        var feed = await ReadFeedAsync();
        Assert.Equal([1L, 2L], feed.Select(e => e.Sequence));
        Assert.Equal("Kept", feed[1].Customer!.FirstName);
    }

    [Fact]
    public async Task Merchants_AreNumberedIndependently_AndNeverSeeEachOther()
    {
        await CreateAsync(new CustomerInput { FirstName = "Mine" });
        var other = new MerchantId("m-" + Unique());
        Ok(await Resolve<CustomerService>().CreateAsync(other, new CustomerInput { FirstName = "Theirs" }, cancellationToken: Ct));
        Ok(await Resolve<CustomerService>().CreateAsync(other, new CustomerInput { FirstName = "Theirs too" }, cancellationToken: Ct));

        var mine = await ReadFeedAsync();
        var theirs = Ok(await Resolve<CustomerChangeFeed>().ReadAsync(other, 0, 100, Ct));

        Assert.Equal("Mine", Assert.Single(mine).Customer!.FirstName);
        Assert.Equal([1L, 2L], theirs.Select(e => e.Sequence));
        Assert.All(theirs, e => Assert.Equal(other, e.MerchantId));
    }

    [Fact]
    public async Task GroupsDiscountsConsentAndBalances_EachRecordAnEntry_AndTheSnapshotCarriesThem()
    {
        var customer = await CreateAsync(new CustomerInput { FirstName = "Grace", Email = "grace" + Unique() + "@example.com" });
        var groups = Resolve<CustomerGroupService>();
        List<ChangeFeedEntry> entries = [];

        entries.AddRange(await NewEntriesAsync(async () =>
        {
            var group = Ok(await groups.CreateAsync(Merchant, "Staff " + Unique(), Discount.PercentOff(10m), Ct));
            group = Ok(await groups.RenameAsync(Merchant, group.Id, group.Version, "Crew " + Unique(), Ct));
            group = Ok(await groups.SetDiscountAsync(Merchant, group.Id, group.Version, Discount.PercentOff(15m), Ct));
            customer = Ok(await groups.AssignCustomerAsync(Merchant, customer.Id, customer.Version, group.Id, Ct));
            customer = Ok(await Resolve<DiscountService>().SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.PercentOff(5m), Ct));
            customer = Ok(await Resolve<CustomerService>().SetConsentAsync(
                Merchant, customer.Id, customer.Version, ConsentChannel.Email, new ConsentInput(ConsentStatus.OptedIn, "v1"), ConsentSource.Pos, Ct));
            Ok(await Resolve<CreditService>().IssueStoreCreditAsync(Merchant, customer.Id, new Money(12.50m, "EUR"), new LedgerPostingDetails("gift-" + Unique()), Ct));
            Ok(await Resolve<CreditService>().OpenCreditLineAsync(Merchant, customer.Id, new CreditLineInput("House", new Money(100m, "EUR"), 30), Ct));
            var ticket = "T-" + Unique();
            Ok(await Resolve<TicketLinkService>().ReportAsync(Merchant, new TicketReport { TicketReference = ticket, Status = TicketStatus.Completed, Total = 42m, Currency = "EUR" }, Ct));
            Ok(await Resolve<TicketLinkService>().AttachAsync(Merchant, ticket, customer.Id, cancellationToken: Ct));
        }));

        Assert.Equal(
            [
                ChangeKind.GroupCreated, ChangeKind.GroupRenamed, ChangeKind.GroupDiscountChanged, ChangeKind.CustomerUpdated,
                ChangeKind.PersonalDiscountChanged, ChangeKind.ConsentChanged, ChangeKind.StoreCreditChanged, ChangeKind.StoreCreditChanged,
                ChangeKind.CreditLineChanged, ChangeKind.PointsChanged, ChangeKind.PointsChanged, ChangeKind.TicketAttached,
            ],
            entries.Select(e => e.Kind));
        Assert.Equal(15m, entries[2].Group!.Discount!.Value);
        var last = entries[^1].Customer!;
        Assert.Equal(customer.GroupId, last.GroupId);
        Assert.Equal(5m, last.PersonalDiscount!.Value);
        Assert.Equal(42m, last.Points);
        Assert.Equal([new Money(12.50m, "EUR")], last.StoreCredit);

        var deleted = await NewEntriesAsync(async () =>
        {
            var group = Ok(await groups.GetAsync(Merchant, customer.GroupId!.Value, Ct));
            Ok(await groups.DeleteAsync(Merchant, group.Id, group.Version, Ct));
        });
        Assert.Equal([ChangeKind.CustomerUpdated, ChangeKind.GroupDeleted], deleted.Select(e => e.Kind));
        Assert.Null(deleted[0].Customer!.GroupId);
        Assert.Null(deleted[1].Group);
    }

    [Fact]
    public async Task MovingATicket_RecordsTheDetachAndTheAttach_InTheFeedAndBothAuditTrails()
    {
        var first = await CreateAsync(new CustomerInput { FirstName = "First" });
        var second = await CreateAsync(new CustomerInput { FirstName = "Second" });
        var ticket = "T-" + Unique();
        var links = Resolve<TicketLinkService>();
        Ok(await links.ReportAsync(Merchant, new TicketReport { TicketReference = ticket, Status = TicketStatus.Open, Total = 10m, Currency = "EUR" }, Ct));
        Ok(await links.AttachAsync(Merchant, ticket, first.Id, cancellationToken: Ct));

        var moved = await NewEntriesAsync(async () =>
            Ok(await links.AttachAsync(Merchant, ticket, second.Id, new AttachOptions { MoveFromAnotherCustomer = true }, Ct)));

        Assert.Equal([(ChangeKind.TicketDetached, first.Id), (ChangeKind.TicketAttached, second.Id)], moved.Select(e => (e.Kind, e.EntityId)));
        var firstAudit = Ok(await Resolve<CustomerAuditTrail>().ReadAsync(Merchant, first.Id, Ct));
        Assert.Equal([ChangeKind.CustomerCreated, ChangeKind.TicketAttached, ChangeKind.TicketDetached], firstAudit.Select(a => a.Operation));
    }

    [Fact]
    public async Task MergeAndUndo_RemoveThenRestoreTheMergedCustomer()
    {
        var kept = await CreateAsync(new CustomerInput { FirstName = "Kept", Email = "kept" + Unique() + "@example.com" });
        var removed = await CreateAsync(new CustomerInput { FirstName = "Gone", Phone = "+14155550123" });
        Ok(await Resolve<CreditService>().IssueStoreCreditAsync(Merchant, removed.Id, new Money(5m, "EUR"), new LedgerPostingDetails("g-" + Unique()), Ct));
        CustomerMergeRecord? record = null;

        var merged = await NewEntriesAsync(async () => record = Ok(await Resolve<CustomerService>().MergeAsync(Merchant, new MergeRequest
        {
            KeepId = kept.Id,
            KeepVersion = kept.Version,
            RemoveId = removed.Id,
            RemoveVersion = removed.Version,
        }, Ct)));

        Assert.Contains(merged, e => e.Kind == ChangeKind.CustomerMerged && e.EntityId == removed.Id && e.Customer is null);
        var keptAfter = merged.Last(e => e.EntityId == kept.Id).Customer!;
        Assert.Equal("+14155550123", keptAfter.PhoneE164);
        Assert.Equal([new Money(5m, "EUR")], keptAfter.StoreCredit);

        var undone = await NewEntriesAsync(async () => Ok(await Resolve<CustomerService>().UndoMergeAsync(Merchant, record!.Id, Ct)));
        Assert.Contains(undone, e => e.Kind == ChangeKind.CustomerUnmerged && e.EntityId == removed.Id && e.Customer is not null);
        Assert.Equal([new Money(5m, "EUR")], undone.Last(e => e.EntityId == removed.Id).Customer!.StoreCredit);
        Assert.Empty(undone.Last(e => e.EntityId == kept.Id).Customer!.StoreCredit.Where(m => m.Amount != 0m));

        var audit = Ok(await Resolve<CustomerAuditTrail>().ReadAsync(Merchant, removed.Id, Ct));
        Assert.Contains(audit, a => a.Operation == ChangeKind.CustomerMerged && a.MergeId == record!.Id);
        Assert.Contains(audit, a => a.Operation == ChangeKind.CustomerUnmerged && a.MergeId == record!.Id);
    }

    [Fact]
    public async Task Import_RecordsOneEntryPerCustomer_AndUndoRecordsTheReverse()
    {
        var existing = await CreateAsync(new CustomerInput { FirstName = "Old", Email = "old" + Unique() + "@example.com" });
        var csv = $"Email,First name,Last name\n{existing.Email},Old,Updated\nnew{Unique()}@example.com,New,Person\nother{Unique()}@example.com,Other,Person\n";
        ImportReport? report = null;

        var imported = await NewEntriesAsync(async () =>
            report = Ok(await Resolve<CustomerImporter>().ApplyAsync(Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv)), cancellationToken: Ct)));

        Assert.Equal(3, imported.Count);
        Assert.All(imported, e => Assert.Equal(ChangeKind.CustomerImported, e.Kind));
        Assert.Equal("Updated", imported.Single(e => e.EntityId == existing.Id).Customer!.LastName);
        var audit = Ok(await Resolve<CustomerAuditTrail>().ReadAsync(Merchant, existing.Id, Ct));
        Assert.Equal(["LastName"], audit.Single(a => a.Operation == ChangeKind.CustomerImported).Fields);
        Assert.Equal(report!.BatchId, audit.Single(a => a.Operation == ChangeKind.CustomerImported).ImportBatchId);

        var undone = await NewEntriesAsync(async () => Ok(await Resolve<CustomerImporter>().UndoAsync(Merchant, report!.BatchId!.Value, Ct)));
        Assert.Equal(3, undone.Count);
        Assert.All(undone, e => Assert.Equal(ChangeKind.ImportUndone, e.Kind));
        Assert.Equal(2, undone.Count(e => e.Customer is null));
        Assert.Null(undone.Single(e => e.EntityId == existing.Id).Customer!.LastName);
    }

    [Fact]
    public async Task Erasure_TurnsEarlierSnapshotsIntoTombstones_AndKeepsAnAuditWithoutPersonalData()
    {
        var email = "erase" + Unique() + "@example.com";
        var customer = await CreateAsync(new CustomerInput
        {
            FirstName = "Erin", LastName = "Secret", Email = email, Phone = "+14155550199", Note = "likes tea", Preferences = [new CustomerPreference("fit", "slim-tall")],
        });
        customer = Ok(await Resolve<CustomerService>().UpdateAsync(Merchant, customer.Id, customer.Version, CustomerInput.From(customer) with { City = "Leeds" }, Ct));
        var bystander = await CreateAsync(new CustomerInput { FirstName = "Bystander" });

        Ok(await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer.Id, customer.Version, Ct));

        var feed = await ReadFeedAsync();
        var about = feed.Where(e => e.EntityId == customer.Id).ToList();
        Assert.Equal([ChangeKind.CustomerCreated, ChangeKind.CustomerUpdated, ChangeKind.CustomerErased], about.Select(e => e.Kind));
        Assert.Null(about[0].Customer);
        Assert.Null(about[1].Customer);
        var erased = about[2].Customer!;
        Assert.True(erased.Erased);
        Assert.Equal("Bystander", feed.Single(e => e.EntityId == bystander.Id).Customer!.FirstName);

        var audit = Ok(await Resolve<CustomerAuditTrail>().ReadAsync(Merchant, customer.Id, Ct));
        Assert.Equal([ChangeKind.CustomerCreated, ChangeKind.CustomerUpdated, ChangeKind.CustomerErased], audit.Select(a => a.Operation));
        var everything = JsonSerializer.Serialize(new { feed, audit });
        foreach (var personal in new[] { "Erin", "Secret", email, "4155550199", "likes tea", "Leeds", "slim-tall" })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Erasure_AlsoTombstonesTheSnapshotsOfDuplicatesMergedIntoTheCustomer_ThroughAChain()
    {
        var u = Unique();
        var first = await CreateAsync(new CustomerInput { FirstName = "Oldest", LastName = "Copyname", Email = $"oldest.{u}@example.com", Note = "first visit" });
        var middle = await CreateAsync(new CustomerInput { FirstName = "Middle", LastName = "Copyname", Email = $"middle.{u}@example.com", City = "Harrogate" });
        var kept = await CreateAsync(new CustomerInput { FirstName = "Kept", LastName = "Survivor", Email = $"kept.{u}@example.com" });
        var bystander = await CreateAsync(new CustomerInput { FirstName = "Bystander", Email = $"by.{u}@example.com" });
        var customers = Resolve<CustomerService>();
        Ok(await customers.MergeAsync(Merchant, new MergeRequest { KeepId = middle.Id, KeepVersion = middle.Version, RemoveId = first.Id, RemoveVersion = first.Version }, Ct));
        middle = Ok(await Resolve<CustomerService>().GetAsync(Merchant, middle.Id, Ct));
        Ok(await Resolve<CustomerService>().MergeAsync(Merchant, new MergeRequest { KeepId = kept.Id, KeepVersion = kept.Version, RemoveId = middle.Id, RemoveVersion = middle.Version }, Ct));
        kept = Ok(await Resolve<CustomerService>().GetAsync(Merchant, kept.Id, Ct));

        Ok(await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, kept.Id, kept.Version, Ct));

        var feed = await ReadFeedAsync();
        var everything = JsonSerializer.Serialize(feed);
        foreach (var personal in new[] { "Oldest", "Middle", "Copyname", "first visit", "Harrogate", $"oldest.{u}", $"middle.{u}", "Survivor", $"kept.{u}" })
        {
            Assert.DoesNotContain(personal, everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(feed, e => e.EntityId == bystander.Id && e.Customer?.FirstName == "Bystander");
    }

    [Fact]
    public async Task Audit_RecordsActorOperationAndFieldNames_NotValues()
    {
        var customer = await CreateAsync(new CustomerInput { FirstName = "Alan", Email = "alan" + Unique() + "@example.com" });
        var service = ActAs<CustomerService>(new TestAccessContext("manager-7"));
        Ok(await service.UpdateAsync(Merchant, customer.Id, customer.Version, CustomerInput.From(customer) with { LastName = "Turing", City = "Wilmslow" }, Ct));

        var audit = Ok(await Resolve<CustomerAuditTrail>().ReadAsync(Merchant, customer.Id, Ct));

        Assert.Equal(2, audit.Count);
        Assert.Equal(("system", ChangeKind.CustomerCreated), (audit[0].Actor, audit[0].Operation));
        Assert.Equal(["FirstName", "Email"], audit[0].Fields);
        Assert.Equal(("manager-7", ChangeKind.CustomerUpdated), (audit[1].Actor, audit[1].Operation));
        Assert.Equal(["LastName", "City"], audit[1].Fields);
        Assert.Equal(Clock.GetUtcNow(), audit[1].At);
        Assert.DoesNotContain("Turing", JsonSerializer.Serialize(audit), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadingTheFeedAndTheAudit_NeedsReadPermission_AndBoundsArePolite()
    {
        var denied = new TestAccessContext("nobody", CustomerPermissions.Read);
        Assert.True((await ActAs<CustomerChangeFeed>(denied).ReadAsync(Merchant, 0, 10, Ct)).HasError(CustomerErrorCodes.Forbidden));
        Assert.True((await ActAs<CustomerAuditTrail>(denied).ReadAsync(Merchant, Guid.NewGuid(), Ct)).HasError(CustomerErrorCodes.Forbidden));
        Access.Switch(new AllowAllAccessContext());
        Assert.True((await Resolve<CustomerChangeFeed>().ReadAsync(Merchant, -1, 10, Ct)).HasError(CustomerErrorCodes.InvalidValue));
        Assert.True((await Resolve<CustomerChangeFeed>().ReadAsync(Merchant, 0, 0, Ct)).HasError(CustomerErrorCodes.InvalidValue));
        Assert.Empty(Ok(await Resolve<CustomerChangeFeed>().ReadAsync(Merchant, 0, CustomerChangeFeed.MaxPageSize, Ct)));
    }

    [Fact]
    public async Task ConcurrentWriters_AReaderPollingAfterN_NeverMissesAnEntry_AndNumbersHaveNoGaps()
    {
        using var done = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();

        async Task WriterAsync(int writer)
        {
            for (var i = 0; i < ChangesPerWriter; i++)
            {
                using var scope = Services.CreateScope();
                var input = new CustomerInput { FirstName = $"W{writer}", LastName = $"N{i}", Email = $"w{writer}-{i}-{Unique()}@example.com" };
                var created = await scope.ServiceProvider.GetRequiredService<CustomerService>().CreateAsync(Merchant, input, cancellationToken: Ct);
                if (!created.Succeeded)
                {
                    failures.Enqueue(created.ToString());
                }
            }
        }

        var seen = new List<long>();
        async Task ReaderAsync()
        {
            var last = 0L;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                using var scope = Services.CreateScope();
                var page = Ok(await scope.ServiceProvider.GetRequiredService<CustomerChangeFeed>().ReadAsync(Merchant, last, 50, Ct));
                foreach (var entry in page)
                {
                    // A number that is not the next one means an entry below it committed later, or never will: either breaks a till.
                    if (entry.Sequence != last + 1)
                    {
                        failures.Enqueue($"after {last} the reader saw {entry.Sequence}");
                    }

                    last = entry.Sequence;
                    seen.Add(entry.Sequence);
                }

                if (page.Count == 0)
                {
                    if (finished)
                    {
                        return;
                    }

                    await Task.Yield();
                }
            }
        }

        var reader = Task.Run(ReaderAsync, Ct);
        await Task.WhenAll(Enumerable.Range(0, ConcurrentWriters).Select(w => Task.Run(() => WriterAsync(w), Ct)));
        await done.CancelAsync();
        await reader;

        Assert.Empty(failures);
        var total = ConcurrentWriters * ChangesPerWriter;
        Assert.Equal(Enumerable.Range(1, total).Select(n => (long)n), seen);
    }
}
