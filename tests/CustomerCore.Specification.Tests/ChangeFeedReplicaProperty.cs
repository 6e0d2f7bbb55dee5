using System.Globalization;
using System.Text;
using CustomerCore.ChangeFeed;
using CustomerCore.Credit;
using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Groups;
using CustomerCore.Importing;
using CustomerCore.Loyalty;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

public abstract partial class ChangeFeedSpecification
{
    private static readonly string[] FirstNames = ["Ana", "Anabel", "Bob", "Bobby", "Chloé", "Chloe", "Dmitri", "Eva"];
    private static readonly string[] LastNames = ["Smith", "Smyth", "García", "Garcia", "Ng", "Evans"];
    private static readonly string[] PostalCodes = ["SW1A 1AA", "sw1a1aa", "EC1A 1BB", "W1A 0AX"];

    /// <summary>How many random operations the replica property test runs.</summary>
    protected virtual int ReplicaOperationCount => 150;

    // A small pool of phone numbers written in several forms, so customers share numbers and last digits.
    private static string Phone(Random random)
    {
        var tail = (1000 + random.Next(12)).ToString(CultureInfo.InvariantCulture);
        return random.Next(3) switch
        {
            0 => "07911 12" + tail,
            1 => "+44 7911 12" + tail,
            _ => "07700 90" + tail,
        };
    }

    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    public async Task ReplicaBuiltFromTheFeed_AnswersSearchesAndHoldsCustomersAsTheLiveDirectory(int seed)
    {
        var random = new Random(seed);
        var customers = Resolve<CustomerService>();
        var groups = Resolve<CustomerGroupService>();
        var credit = Resolve<CreditService>();
        var tickets = Resolve<TicketLinkService>();
        var merges = new List<Guid>();
        var batches = new List<Guid>();
        var emails = new List<string>();
        var ops = 0;

        async Task<Customer?> AnyCustomerAsync()
        {
            var all = await Resolve<ICustomerStore>().ListAsync(Merchant, null, 500, Ct);
            var live = all.Where(c => c.ErasedAt is null).ToList();
            return live.Count == 0 ? null : live[random.Next(live.Count)];
        }

        async Task<CustomerGroup?> AnyGroupAsync()
        {
            var all = Ok(await groups.ListAsync(Merchant, Ct));
            return all.Count == 0 ? null : all[random.Next(all.Count)].Group;
        }

        CustomerInput RandomInput()
        {
            var email = random.Next(3) == 0 && emails.Count > 0 ? emails[random.Next(emails.Count)] : $"p{ops}.{random.Next(1000)}@example.com";
            emails.Add(email);
            return new CustomerInput
            {
                FirstName = FirstNames[random.Next(FirstNames.Length)],
                LastName = LastNames[random.Next(LastNames.Length)],
                Email = random.Next(4) == 0 ? null : email,
                Phone = random.Next(5) == 0 ? null : Phone(random),
                SecondaryPhone = random.Next(4) == 0 ? Phone(random) : null,
                PostalCode = PostalCodes[random.Next(PostalCodes.Length)],
                CustomerCode = random.Next(3) == 0 ? "C" + random.Next(20).ToString(CultureInfo.InvariantCulture) : null,
            };
        }

        for (ops = 0; ops < ReplicaOperationCount; ops++)
        {
            var choice = random.Next(100);
            var customer = await AnyCustomerAsync();
            if (choice < 25 || customer is null)
            {
                await customers.CreateAsync(Merchant, RandomInput(), new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
            }
            else if (choice < 37)
            {
                var input = RandomInput();
                await customers.UpdateAsync(Merchant, customer.Id, customer.Version, CustomerInput.From(customer) with
                {
                    LastName = input.LastName,
                    Phone = random.Next(2) == 0 ? input.Phone : customer.Phone,
                    PostalCode = input.PostalCode,
                }, Ct);
            }
            else if (choice < 42)
            {
                await Resolve<DiscountService>().SetPersonalDiscountAsync(
                    Merchant, customer.Id, customer.Version, random.Next(3) == 0 ? null : Discount.PercentOff(random.Next(1, 30)), Ct);
            }
            else if (choice < 46)
            {
                await customers.SetConsentAsync(Merchant, customer.Id, customer.Version, ConsentChannel.Sms,
                    new ConsentInput(random.Next(2) == 0 ? ConsentStatus.OptedIn : ConsentStatus.OptedOut, "v1"), ConsentSource.Pos, Ct);
            }
            else if (choice < 52)
            {
                var group = await AnyGroupAsync();
                if (group is null || random.Next(4) == 0)
                {
                    await groups.CreateAsync(Merchant, "Group " + random.Next(6).ToString(CultureInfo.InvariantCulture), Discount.PercentOff(5m), Ct);
                }
                else
                {
                    await groups.AssignCustomerAsync(Merchant, customer.Id, customer.Version, group.Id, Ct);
                }
            }
            else if (choice < 55 && await AnyGroupAsync() is { } group)
            {
                _ = random.Next(3) switch
                {
                    0 => (await groups.RenameAsync(Merchant, group.Id, group.Version, "Renamed " + ops.ToString(CultureInfo.InvariantCulture), Ct)).Succeeded,
                    1 => (await groups.SetDiscountAsync(Merchant, group.Id, group.Version, Discount.PercentOff(random.Next(1, 20)), Ct)).Succeeded,
                    _ => (await groups.DeleteAsync(Merchant, group.Id, group.Version, Ct)).Succeeded,
                };
            }
            else if (choice < 65)
            {
                var currency = random.Next(2) == 0 ? "EUR" : "GBP";
                var amount = new Money(random.Next(1, 2000) / 100m, currency);
                var key = new LedgerPostingDetails("k" + ops.ToString(CultureInfo.InvariantCulture));
                _ = random.Next(3) == 0
                    ? await credit.RedeemStoreCreditAsync(Merchant, customer.Id, amount, key, Ct)
                    : await credit.IssueStoreCreditAsync(Merchant, customer.Id, amount, key, Ct);
            }
            else if (choice < 73)
            {
                var reference = "T" + ops.ToString(CultureInfo.InvariantCulture);
                await tickets.ReportAsync(Merchant, new TicketReport { TicketReference = reference, Status = TicketStatus.Completed, Total = random.Next(1, 90), Currency = "EUR" }, Ct);
                await tickets.AttachAsync(Merchant, reference, customer.Id, cancellationToken: Ct);
            }
            else if (choice < 79 && await AnyCustomerAsync() is { } other && other.Id != customer.Id)
            {
                var merged = await customers.MergeAsync(Merchant, new MergeRequest
                {
                    KeepId = customer.Id,
                    KeepVersion = customer.Version,
                    RemoveId = other.Id,
                    RemoveVersion = other.Version,
                }, Ct);
                if (merged.Succeeded)
                {
                    merges.Add(merged.Value!.Id);
                }
            }
            else if (choice < 83 && merges.Count > 0)
            {
                await customers.UndoMergeAsync(Merchant, merges[random.Next(merges.Count)], Ct);
            }
            else if (choice < 86)
            {
                await Resolve<CustomerPrivacyService>().EraseAsync(Merchant, customer.Id, customer.Version, Ct);
            }
            else if (choice < 95)
            {
                var first = RandomInput();
                var csv = new StringBuilder("Email,First name,Last name,Phone,Postal code\n");
                csv.Append(CultureInfo.InvariantCulture, $"{customer.Email ?? first.Email ?? "x" + ops.ToString(CultureInfo.InvariantCulture) + "@example.com"},{first.FirstName},{first.LastName},{first.Phone},{first.PostalCode}\n");
                csv.Append(CultureInfo.InvariantCulture, $"new{ops}@example.com,{first.LastName},{first.FirstName},,{first.PostalCode}\n");
                var imported = await Resolve<CustomerImporter>().ApplyAsync(
                    Merchant, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), new CustomerImportOptions { CreatePossibleDuplicates = true }, Ct);
                if (imported.Succeeded && imported.Value!.BatchId is { } batch)
                {
                    batches.Add(batch);
                }
            }
            else if (batches.Count > 0)
            {
                await Resolve<CustomerImporter>().UndoAsync(Merchant, batches[random.Next(batches.Count)], Ct);
            }
        }

        var replica = new TillDirectory(Merchant, "GB");
        replica.Apply(await ReadFeedAsync());

        await AssertSameDirectoryAsync(replica);
        var queries = FirstNames.Concat(LastNames).Concat(PostalCodes)
            .Concat(["an", "ch", "gar", "smi", "bob e", "1004", "1008", "12 1003", "07911 121005", "+447700901002", "C3", "C7", "079", "07911 12", "+44 77", "0044 7700 90", "447"])
            .Concat(emails.Take(6));
        foreach (var text in queries)
        {
            // The replica finds the same customers for the same reasons. It holds no tickets, so it ranks every customer
            // as never visited, where the live search puts recent visitors first: the order may differ, and the replica's
            // own paging must still be stable.
            var live = new List<(Guid, MatchReason)>();
            var offline = new List<(Guid, MatchReason)>();
            var offlineByPages = new List<(Guid, MatchReason)>();
            for (var skip = 0; ; skip += CustomerQuery.MaxTake)
            {
                var query = new CustomerQuery(text) { Take = CustomerQuery.MaxTake, Skip = skip };
                var livePage = Ok(await customers.SearchAsync(Merchant, query, Ct));
                var offlinePage = replica.Search(query);
                live.AddRange(livePage.Items.Select(m => (m.Customer.Id, m.MatchedBy)));
                offline.AddRange(offlinePage.Items.Select(m => (m.Customer.Id, m.MatchedBy)));
                Assert.Equal(livePage.HasMore, offlinePage.HasMore);
                if (!livePage.HasMore)
                {
                    break;
                }
            }

            Assert.Equal(live.Order(), offline.Order());
            for (var skip = 0; skip < offline.Count; skip += 4)
            {
                offlineByPages.AddRange(replica.Search(new CustomerQuery(text) { Take = 4, Skip = skip }).Items.Select(m => (m.Customer.Id, m.MatchedBy)));
            }

            Assert.Equal(offline, offlineByPages);
        }
    }

    private async Task AssertSameDirectoryAsync(TillDirectory replica)
    {
        var live = new List<Customer>();
        Guid? after = null;
        while (true)
        {
            var page = await Resolve<ICustomerStore>().ListAsync(Merchant, after, 100, Ct);
            live.AddRange(page);
            if (page.Count < 100)
            {
                break;
            }

            after = page[^1].Id;
        }

        Assert.Equal(live.Select(c => c.Id).Order(), replica.Customers.Select(c => c.Id).Order());
        foreach (var customer in live)
        {
            var held = replica.Find(customer.Id)!;
            Assert.Equal(
                (customer.Version, customer.FirstName, customer.LastName, customer.Email, customer.PhoneE164, customer.SecondaryPhoneE164),
                (held.Version, held.FirstName, held.LastName, held.Email, held.PhoneE164, held.SecondaryPhoneE164));
            Assert.Equal((customer.CustomerCode, customer.PostalCode, customer.GroupId, customer.PersonalDiscount, customer.ErasedAt is not null),
                (held.CustomerCode, held.PostalCode, held.GroupId, held.PersonalDiscount, held.Erased));
            Assert.Equal(Ok(await Resolve<LoyaltyService>().GetBalanceAsync(Merchant, customer.Id, Ct)), held.Points);
            var storeCredit = Ok(await Resolve<CreditService>().ListAccountsAsync(Merchant, customer.Id, Ct))
                .Where(a => a.Kind == LedgerAccountKind.StoreCredit)
                .OrderBy(a => a.Unit, StringComparer.Ordinal)
                .Select(a => new Money(a.Spendable, a.Unit));
            Assert.Equal(storeCredit, held.StoreCredit);
        }

        var groups = Ok(await Resolve<CustomerGroupService>().ListAsync(Merchant, Ct)).Select(g => (g.Group.Id, g.Group.Name, g.Group.Discount)).OrderBy(g => g.Id);
        Assert.Equal(groups, replica.Groups.Select(g => (g.Id, g.Name, g.Discount)).OrderBy(g => g.Id));
    }
}
