using CustomerCore.Customers;
using CustomerCore.Privacy;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="ICustomerStore"/>, <see cref="IConsentHistoryStore"/> and
/// <see cref="ICustomerCoreUnitOfWork"/>, driven through <see cref="CustomerService"/>.</summary>
public abstract class CustomerStoreSpecification : CustomerCoreSpecificationTestBase
{
    private CustomerService Customers => Resolve<CustomerService>();

    private async Task<Customer> CreateAsync(CustomerInput input, MerchantId? merchant = null, bool allowDuplicates = false)
    {
        var result = await Customers.CreateAsync(merchant ?? Merchant, input, new CreateCustomerOptions { AllowPossibleDuplicates = allowDuplicates }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Customer!;
    }

    private async Task<IReadOnlyList<CustomerMatch>> SearchAsync(string text, MerchantId? merchant = null, int take = 20, int skip = 0)
    {
        var result = await Customers.SearchAsync(merchant ?? Merchant, new CustomerQuery(text) { Take = take, Skip = skip }, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Items;
    }

    [Fact]
    public async Task SetPreference_AddsReplacesAndRemovesAndIsStoredOnEveryAdapter()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = await CreateAsync(new CustomerInput { FirstName = "Prefers", Preferences = [new(" size ", " M ")] });
        Assert.Equal([new CustomerPreference("size", "M")], customer.Preferences);

        var added = await Customers.SetPreferenceAsync(Merchant, customer.Id, customer.Version, "receipt", "email: work address", ct);
        Assert.True(added.Succeeded, added.ToString());
        var replaced = await Customers.SetPreferenceAsync(Merchant, customer.Id, added.Value!.Version, "SIZE", "L", ct);
        Assert.True(replaced.Succeeded, replaced.ToString());
        var stored = (await Customers.GetAsync(Merchant, customer.Id, ct)).Value!;
        Assert.Equal([new CustomerPreference("SIZE", "L"), new CustomerPreference("receipt", "email: work address")], stored.Preferences);

        var stale = await Customers.SetPreferenceAsync(Merchant, customer.Id, customer.Version, "size", "S", ct);
        Assert.True(stale.HasError(CustomerErrorCodes.VersionConflict));
        var removed = await Customers.SetPreferenceAsync(Merchant, customer.Id, stored.Version, "size", null, ct);
        Assert.True(removed.Succeeded, removed.ToString());
        Assert.Equal(["receipt"], (await Customers.GetAsync(Merchant, customer.Id, ct)).Value!.Preferences.Select(p => p.Name));
    }

    [Theory]
    [InlineData("size", "4111 1111 1111 1111", CustomerErrorCodes.CardNumberDetected, "Preferences.Value")]
    [InlineData("size;colour", "M", CustomerErrorCodes.InvalidValue, "Preferences.Name")]
    [InlineData("size: M", "M", CustomerErrorCodes.InvalidValue, "Preferences.Name")]
    [InlineData("size", "M; L", CustomerErrorCodes.InvalidValue, "Preferences.Value")]
    [InlineData("", "M", CustomerErrorCodes.Required, "Preferences.Name")]
    [InlineData("size", "", CustomerErrorCodes.Required, "Preferences.Value")]
    [InlineData("size", "M\u0007", CustomerErrorCodes.ControlCharacter, "Preferences.Value")]
    [InlineData("a-very-long-preference-name-over-forty-chars", "M", CustomerErrorCodes.TooLong, "Preferences.Name")]
    public async Task SetPreference_BadNameOrValue_IsRefusedAndNothingChanges(string name, string value, string code, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = await CreateAsync(new CustomerInput { FirstName = "Refused" });
        var result = await Customers.SetPreferenceAsync(Merchant, customer.Id, customer.Version, name, value, ct);
        Assert.Contains(result.Errors, e => e.Code == code && e.Field == field);
        Assert.Empty((await Customers.GetAsync(Merchant, customer.Id, ct)).Value!.Preferences);
    }

    [Fact]
    public async Task Preferences_TooManyOrTwiceTheSameName_AreRefused()
    {
        var tooMany = Enumerable.Range(0, CustomerFieldLimits.MaxPreferences + 1).Select(i => new CustomerPreference("p" + i, "v")).ToList();
        var result = await Customers.CreateAsync(Merchant, new CustomerInput { FirstName = "Many", Preferences = tooMany }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.HasError(CustomerErrorCodes.InvalidValue));
        var twice = await Customers.CreateAsync(Merchant, new CustomerInput { FirstName = "Twice", Preferences = [new("size", "M"), new("Size", "L")] }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(twice.Errors, e => e.Code == CustomerErrorCodes.InvalidValue && e.Description.Contains("Size", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_ThenGetAsync_ReturnsEveryField()
    {
        var input = new CustomerInput
        {
            FirstName = "Zoë",
            LastName = "Ó Briain",
            DisplayName = "Zoë at the bakery",
            CompanyName = "Crumbs Ltd",
            Email = $"  Zoe.{Unique()}@Example.COM ",
            Phone = "07911 123123",
            SecondaryPhone = "+44 20 7946 0958",
            AddressLine1 = "1 High Street",
            AddressLine2 = "Flat 2",
            HouseNumber = "1",
            City = "London",
            Region = "Greater London",
            PostalCode = "sw1a 1aa",
            Country = "GB",
            CustomerCode = "c-" + Unique(),
            Birthday = new DateOnly(1990, 2, 28),
            Note = "Prefers oat milk",
            Tags = ["vip", "wholesale"],
        };

        var created = await CreateAsync(input);
        var loaded = (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!;

        Assert.Equal("Zoë", loaded.FirstName);
        Assert.Equal("Ó Briain", loaded.LastName);
        Assert.Equal("Zoë at the bakery", loaded.DisplayName);
        Assert.Equal("Crumbs Ltd", loaded.CompanyName);
        Assert.Equal(input.Email!.Trim(), loaded.Email);
        Assert.Equal(input.Email!.Trim().ToLowerInvariant(), loaded.NormalizedEmail);
        Assert.Equal("07911 123123", loaded.Phone);
        Assert.Equal("+447911123123", loaded.PhoneE164);
        Assert.Equal("+442079460958", loaded.SecondaryPhoneE164);
        Assert.Equal("SW1A1AA", loaded.NormalizedPostalCode);
        Assert.Equal("sw1a 1aa", loaded.PostalCode);
        Assert.Equal(input.CustomerCode!.ToUpperInvariant(), loaded.NormalizedCustomerCode);
        Assert.Equal(new DateOnly(1990, 2, 28), loaded.Birthday);
        Assert.Equal("Prefers oat milk", loaded.Note);
        Assert.Equal(["vip", "wholesale"], loaded.Tags);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(Clock.GetUtcNow(), loaded.CreatedAt);
        Assert.Equal("system", loaded.CreatedBy);
        Assert.Equal(Merchant, loaded.MerchantId);
    }

    [Fact]
    public async Task CreateAsync_UnparseablePhone_KeepsItRawAndFlagged()
    {
        var created = await CreateAsync(new CustomerInput { LastName = "Raw", Phone = "12-34" });
        var loaded = (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!;

        Assert.Equal("12-34", loaded.Phone);
        Assert.Null(loaded.PhoneE164);
        Assert.True(loaded.PhoneNeedsReview);
    }

    [Fact]
    public async Task UpdateAsync_WithCurrentVersion_SavesAndIncrementsVersion()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Ann", Email = $"ann.{Unique()}@example.com" });
        Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await Customers.UpdateAsync(Merchant, created.Id, created.Version, CustomerInput.From(created) with { City = "Leeds" }, TestContext.Current.CancellationToken);

        Assert.True(updated.Succeeded, updated.ToString());
        var loaded = (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!;
        Assert.Equal("Leeds", loaded.City);
        Assert.Equal(2, loaded.Version);
        Assert.Equal(Clock.GetUtcNow(), loaded.UpdatedAt);
        Assert.Equal(created.CreatedAt, loaded.CreatedAt);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_ReturnsVersionConflictAndKeepsFirstWrite()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Bo" });
        var first = await Customers.UpdateAsync(Merchant, created.Id, created.Version, CustomerInput.From(created) with { City = "York" }, TestContext.Current.CancellationToken);
        Assert.True(first.Succeeded);

        var second = await Customers.UpdateAsync(Merchant, created.Id, created.Version, CustomerInput.From(created) with { City = "Hull" }, TestContext.Current.CancellationToken);

        Assert.True(second.HasError(CustomerErrorCodes.VersionConflict));
        Assert.Equal("York", (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!.City);
    }

    [Fact]
    public async Task Store_UpdateWithStaleVersion_ReturnsVersionConflict()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Direct" });
        var store = Resolve<ICustomerStore>();
        var copy = created.Clone();
        copy.City = "Bath";
        copy.Version = created.Version + 1;

        Assert.Equal(StoreWriteOutcome.Success, await store.UpdateAsync(copy, created.Version, TestContext.Current.CancellationToken));
        var stale = created.Clone();
        stale.City = "Wells";
        stale.Version = created.Version + 1;
        Assert.Equal(StoreWriteOutcome.VersionConflict, await Resolve<ICustomerStore>().UpdateAsync(stale, created.Version, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpdateAsync_UnknownCustomer_ReturnsNotFound()
    {
        var result = await Customers.UpdateAsync(Merchant, Guid.CreateVersion7(), 1, new CustomerInput { FirstName = "Nobody" }, TestContext.Current.CancellationToken);
        Assert.True(result.HasError(CustomerErrorCodes.NotFound));
    }

    [Fact]
    public async Task CreateAsync_SameEmailDifferentCase_ReturnsDuplicateEmail()
    {
        var email = $"dup.{Unique()}@example.com";
        var first = await CreateAsync(new CustomerInput { Email = email });

        var second = await Customers.CreateAsync(Merchant, new CustomerInput { Email = email.ToUpperInvariant() }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, TestContext.Current.CancellationToken);

        Assert.True(second.HasError(CustomerErrorCodes.DuplicateEmail));
        Assert.Null(second.Value);
        Assert.True(second.TryGetError<DuplicateCustomersError>(out var duplicate));
        Assert.Equal(CustomerErrorCodes.DuplicateEmail, duplicate.Code);
        var candidate = Assert.Single(duplicate.Candidates);
        Assert.Equal(first.Id, candidate.Customer.Id);
        Assert.True(candidate.MatchedBy.HasFlag(MatchReason.Email));
    }

    [Fact]
    public async Task Store_CreateWithTakenEmail_ReturnsDuplicateEmail()
    {
        var email = $"race.{Unique()}@example.com";
        await CreateAsync(new CustomerInput { Email = email });
        var store = Resolve<ICustomerStore>();
        var raced = new Customer { Id = Guid.CreateVersion7(), MerchantId = Merchant, Email = email, NormalizedEmail = email, Version = 1, CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow() };

        Assert.Equal(StoreWriteOutcome.DuplicateEmail, await store.CreateAsync(raced, TestContext.Current.CancellationToken));
        Assert.Null(await Resolve<ICustomerStore>().FindByIdAsync(Merchant, raced.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Store_CreateWithTakenCode_ReturnsDuplicateCustomerCode()
    {
        var code = "CODE-" + Unique().ToUpperInvariant();
        await CreateAsync(new CustomerInput { LastName = "Coded", CustomerCode = code });
        var raced = new Customer { Id = Guid.CreateVersion7(), MerchantId = Merchant, LastName = "Other", CustomerCode = code, NormalizedCustomerCode = code, Version = 1 };

        Assert.Equal(StoreWriteOutcome.DuplicateCustomerCode, await Resolve<ICustomerStore>().CreateAsync(raced, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreateAsync_SameCustomerCode_ReturnsDuplicateCustomerCode()
    {
        var code = "k-" + Unique();
        await CreateAsync(new CustomerInput { LastName = "One", CustomerCode = code });

        var second = await Customers.CreateAsync(Merchant, new CustomerInput { LastName = "Two", CustomerCode = code.ToUpperInvariant() }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, TestContext.Current.CancellationToken);

        Assert.True(second.HasError(CustomerErrorCodes.DuplicateCustomerCode));
    }

    [Fact]
    public async Task UpdateAsync_ToAnotherCustomersEmail_ReturnsDuplicateEmail()
    {
        var email = $"taken.{Unique()}@example.com";
        await CreateAsync(new CustomerInput { Email = email });
        var other = await CreateAsync(new CustomerInput { Email = $"free.{Unique()}@example.com" });

        var result = await Customers.UpdateAsync(Merchant, other.Id, other.Version, CustomerInput.From(other) with { Email = email }, TestContext.Current.CancellationToken);

        Assert.True(result.HasError(CustomerErrorCodes.DuplicateEmail));
    }

    [Fact]
    public async Task SameEmailAndCode_InTwoMerchants_AreIndependent()
    {
        var email = $"shared.{Unique()}@example.com";
        var code = "s-" + Unique();
        var other = new MerchantId("other-" + Unique());

        var mine = await CreateAsync(new CustomerInput { Email = email, CustomerCode = code });
        var theirs = await CreateAsync(new CustomerInput { Email = email, CustomerCode = code }, other);

        Assert.NotEqual(mine.Id, theirs.Id);
        Assert.True((await Customers.GetAsync(other, mine.Id, TestContext.Current.CancellationToken)).HasError(CustomerErrorCodes.NotFound));
        var found = Assert.Single(await SearchAsync(email, other));
        Assert.Equal(theirs.Id, found.Customer.Id);
    }

    [Fact]
    public async Task AnotherMerchant_CannotUpdateOrFindTheCustomer()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Private", LastName = "Person" + Unique(), Phone = "07911 123555", PostalCode = "LS1 4AP" });
        var intruder = new MerchantId("intruder-" + Unique());

        var update = await Customers.UpdateAsync(intruder, created.Id, created.Version, new CustomerInput { FirstName = "Hacked" }, TestContext.Current.CancellationToken);

        Assert.True(update.HasError(CustomerErrorCodes.NotFound));
        Assert.NotEmpty(await SearchAsync("3555"));
        Assert.Empty(await SearchAsync("3555", intruder));
        Assert.Empty(await SearchAsync(created.LastName!, intruder));
        Assert.Empty(await SearchAsync("LS1 4AP", intruder));
        Assert.Equal("Private", (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!.FirstName);
    }

    [Theory]
    [InlineData("+447911123461")]
    [InlineData("07911 123461")]
    [InlineData("07911-123-461")]
    [InlineData("(07911) 123.461")]
    [InlineData("+44 (0) 7911 123461")]
    [InlineData("3461")]
    [InlineData("123461")]
    public async Task SearchAsync_ByPhoneInAnyFormat_FindsTheCustomer(string typed)
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Phone", Phone = "+44 7911 123461" });

        var match = Assert.Single(await SearchAsync(typed), m => m.Customer.Id == created.Id);

        Assert.True(match.MatchedBy.HasFlag(MatchReason.Phone) || match.MatchedBy.HasFlag(MatchReason.PhoneLastDigits));
    }

    [Fact]
    public async Task SearchAsync_FullNumber_SaysPhoneAndLastDigitsSaysLastDigits()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Why", Phone = "07911 123462" });

        var full = Assert.Single(await SearchAsync("07911123462"), m => m.Customer.Id == created.Id);
        var last4 = Assert.Single(await SearchAsync("3462"), m => m.Customer.Id == created.Id);

        Assert.True(full.MatchedBy.HasFlag(MatchReason.Phone));
        Assert.Equal(MatchReason.PhoneLastDigits, last4.MatchedBy);
    }

    [Fact]
    public async Task SearchAsync_WholeInternationalNumber_ListsTheCustomerOnce_AsPhoneAndLastDigits()
    {
        // Typed in full international form its digits are the stored number's, so it is both a whole-number and a
        // last-digits match; stores may find it once and say both.
        var created = await CreateAsync(new CustomerInput { FirstName = "Both", Phone = "+44 7911 123464" });
        var other = await CreateAsync(new CustomerInput { FirstName = "Other", Phone = "+44 7911 123465" });

        var found = await SearchAsync("+447911123464");

        var match = Assert.Single(found);
        Assert.Equal(created.Id, match.Customer.Id);
        Assert.Equal(MatchReason.Phone | MatchReason.PhoneLastDigits, match.MatchedBy);
        Assert.DoesNotContain(found, m => m.Customer.Id == other.Id);
    }

    [Fact]
    public async Task SearchAsync_BySecondaryPhone_FindsTheCustomer()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Second", SecondaryPhone = "020 7946 0463" });

        Assert.Contains(await SearchAsync("+442079460463"), m => m.Customer.Id == created.Id && m.MatchedBy.HasFlag(MatchReason.Phone));
    }

    [Fact]
    public async Task SearchAsync_TypingTheStartOfANumber_ListsMainAndSecondaryPhones_NarrowingAsDigitsAreAdded()
    {
        var mobile = await CreateAsync(new CustomerInput { FirstName = "Ahead", Phone = "07911 123470" }, allowDuplicates: true);
        var second = await CreateAsync(new CustomerInput { FirstName = "Behind", Phone = "020 7946 0123", SecondaryPhone = "07911 223344" }, allowDuplicates: true);
        var abroad = await CreateAsync(new CustomerInput { FirstName = "Abroad", Phone = "+1 415 555 0100" }, allowDuplicates: true);

        async Task<Guid[]> ByPrefixAsync(string typed) =>
            [.. (await SearchAsync(typed)).Where(m => m.MatchedBy.HasFlag(MatchReason.PhonePrefix)).Select(m => m.Customer.Id).Order()];

        Assert.Equal(new[] { mobile.Id, second.Id }.Order(), await ByPrefixAsync("079"));
        Assert.Equal(new[] { mobile.Id, second.Id }.Order(), await ByPrefixAsync("0044 7911"));
        Assert.Equal([mobile.Id], await ByPrefixAsync("07911 1"));
        Assert.Equal([second.Id], await ByPrefixAsync("+44 7911 2"));
        Assert.Equal([second.Id], await ByPrefixAsync("020 79"));
        Assert.Equal([abroad.Id], await ByPrefixAsync("+1 415 55"));
        Assert.Empty(await ByPrefixAsync("07"));
        Assert.Empty(await ByPrefixAsync("07911 9"));
    }

    [Fact]
    public async Task SearchAsync_TypeAhead_ListsMatchesInPhoneOrder_AndPagesThemWithoutGapsOrRepeats()
    {
        // Created out of phone order, one matching by its secondary phone only, so id order and phone order differ.
        string[] subscribers = ["0188", "0101", "0177", "0142", "0199", "0120", "0155", "0133"];
        var created = new List<(Guid Id, string Phone)>();
        for (var i = 0; i < subscribers.Length; i++)
        {
            var phone = "+1 415 555 " + subscribers[i];
            var customer = i == 3
                ? await CreateAsync(new CustomerInput { FirstName = "Second" + i, Phone = "020 7946 0123", SecondaryPhone = phone }, allowDuplicates: true)
                : await CreateAsync(new CustomerInput { FirstName = "Main" + i, Phone = phone }, allowDuplicates: true);
            created.Add((customer.Id, "+1415555" + subscribers[i]));
        }

        var expected = created.OrderBy(c => c.Phone, StringComparer.Ordinal).Select(c => c.Id).ToList();
        var paged = new List<Guid>();
        for (var skip = 0; skip < expected.Count + 3; skip += 3)
        {
            paged.AddRange((await SearchAsync("+1 415 555 01", take: 3, skip: skip)).Where(m => m.MatchedBy.HasFlag(MatchReason.PhonePrefix)).Select(m => m.Customer.Id));
        }

        Assert.Equal(expected, paged);
    }

    [Fact]
    public async Task SearchAsync_AWholeValidPhone_IsLookedUpAsAPhoneOnly_UnlessModesAskForCodes()
    {
        var byPhone = await CreateAsync(new CustomerInput { FirstName = "Phoned", Phone = "07911 123478" }, allowDuplicates: true);
        var byCode = await CreateAsync(new CustomerInput { FirstName = "Coded", CustomerCode = "07911123478" }, allowDuplicates: true);

        var plain = await SearchAsync("07911123478");
        var asked = await Customers.SearchAsync(Merchant, new CustomerQuery("07911123478") { Modes = MatchReason.CustomerCode }, TestContext.Current.CancellationToken);

        Assert.Equal([byPhone.Id], plain.Select(m => m.Customer.Id));
        Assert.True(plain[0].MatchedBy.HasFlag(MatchReason.Phone));
        Assert.Equal([byCode.Id], asked.Value!.Items.Select(m => m.Customer.Id));
    }

    [Fact]
    public async Task SearchAsync_TextWithAnAt_IsLookedUpAsAnEmailOnly_UnlessModesAskForCodes()
    {
        var byEmail = await CreateAsync(new CustomerInput { FirstName = "Mailed", Email = "till@example.com" }, allowDuplicates: true);
        var byCode = await CreateAsync(new CustomerInput { FirstName = "Coded", CustomerCode = "TILL@EXAMPLE.COM" }, allowDuplicates: true);

        var plain = await SearchAsync("Till@Example.com");
        var asked = await Customers.SearchAsync(Merchant, new CustomerQuery("till@example.com") { Modes = MatchReason.CustomerCode }, TestContext.Current.CancellationToken);

        Assert.Equal([byEmail.Id], plain.Select(m => m.Customer.Id));
        Assert.Equal(MatchReason.Email, plain[0].MatchedBy);
        Assert.Equal([byCode.Id], asked.Value!.Items.Select(m => m.Customer.Id));
    }

    [Fact]
    public async Task APhoneWithAnExtension_IsStoredAsTyped_AndItsLastDigitsAreTheNumbers()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Office", Phone = "+1 415 555 0142 ext. 12" });

        Assert.Equal("+1 415 555 0142 ext. 12", created.Phone);
        Assert.Equal("+14155550142", created.PhoneE164);
        Assert.Contains(await SearchAsync("0142"), m => m.Customer.Id == created.Id && m.MatchedBy.HasFlag(MatchReason.PhoneLastDigits));
        Assert.DoesNotContain(await SearchAsync("4212"), m => m.Customer.Id == created.Id);
    }

    [Fact]
    public async Task SearchAsync_ThreeDigits_IsNotAPhoneSearch()
    {
        await CreateAsync(new CustomerInput { FirstName = "Short", Phone = "07911 123464" });

        Assert.DoesNotContain(await SearchAsync("464"), m => m.MatchedBy.HasFlag(MatchReason.PhoneLastDigits));
    }

    [Fact]
    public async Task SearchAsync_ByEmail_IgnoresCaseAndSpaces()
    {
        var email = $"Mixed.Case.{Unique()}@Example.com";
        var created = await CreateAsync(new CustomerInput { Email = email });

        var match = Assert.Single(await SearchAsync("  " + email.ToUpperInvariant() + " "));

        Assert.Equal(created.Id, match.Customer.Id);
        Assert.Equal(MatchReason.Email, match.MatchedBy);
    }

    [Fact]
    public async Task SearchAsync_ByCustomerCode_IgnoresCase()
    {
        var code = "Loyal-" + Unique();
        var created = await CreateAsync(new CustomerInput { LastName = "Coded", CustomerCode = code });

        var match = Assert.Single(await SearchAsync(code.ToLowerInvariant()));

        Assert.Equal(created.Id, match.Customer.Id);
        Assert.True(match.MatchedBy.HasFlag(MatchReason.CustomerCode));
    }

    [Fact]
    public async Task SearchAsync_ByPostalCode_IgnoresCaseAndSpaces()
    {
        var created = await CreateAsync(new CustomerInput { LastName = "Postal", PostalCode = "EH1 1YZ" });

        var matches = await SearchAsync("eh11yz");

        var match = Assert.Single(matches);
        Assert.Equal(created.Id, match.Customer.Id);
        Assert.Equal(MatchReason.PostalCode, match.MatchedBy);
        Assert.Single(await SearchAsync(" EH1  1YZ "));
    }

    [Fact]
    public async Task SearchAsync_ByNamePrefixes_IgnoresCaseAndAccents()
    {
        var surname = "Müller" + Unique();
        var created = await CreateAsync(new CustomerInput { FirstName = "José", LastName = surname });
        var josephine = await CreateAsync(new CustomerInput { FirstName = "Josephine", LastName = "Other" + Unique() });

        var byBoth = Assert.Single(await SearchAsync("jos " + surname[..4].ToUpperInvariant().Replace('Ü', 'U')));
        Assert.Equal(created.Id, byBoth.Customer.Id);
        Assert.Equal(MatchReason.Name, byBoth.MatchedBy);

        var byFirstName = await SearchAsync("JOSE");
        Assert.Contains(byFirstName, m => m.Customer.Id == created.Id);
        Assert.Contains(byFirstName, m => m.Customer.Id == josephine.Id);
        Assert.Contains(await SearchAsync("josé"), m => m.Customer.Id == created.Id);
        Assert.DoesNotContain(await SearchAsync("ose"), m => m.Customer.Id == created.Id);
    }

    [Fact]
    public async Task SearchAsync_Pages_InStableOrderWithoutGapsOrRepeats()
    {
        var surname = "Pager" + Unique();
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateAsync(new CustomerInput { FirstName = "P" + i, LastName = surname })).Id);
        }

        var seen = new List<Guid>();
        for (var skip = 0; skip < 9; skip += 3)
        {
            var page = await Customers.SearchAsync(Merchant, new CustomerQuery(surname) { Skip = skip, Take = 3 }, TestContext.Current.CancellationToken);
            seen.AddRange(page.Value!.Items.Select(m => m.Customer.Id));
            Assert.Equal(skip + 3 < 7, page.Value.HasMore);
        }

        Assert.Equal(ids.Order().ToList(), seen);
        Assert.Equal(seen, (await SearchAsync(surname, take: 7)).Select(m => m.Customer.Id).ToList());
    }

    [Fact]
    public async Task SearchAsync_ExactMatchesComeBeforeNameMatches()
    {
        var code = "Rank" + Unique();
        var byName = await CreateAsync(new CustomerInput { FirstName = code });
        var byCode = await CreateAsync(new CustomerInput { LastName = "Coded", CustomerCode = code });

        var results = await SearchAsync(code);

        Assert.Equal([byCode.Id, byName.Id], results.Select(m => m.Customer.Id).ToList());
    }

    [Fact]
    public async Task SearchAsync_RanksExactMatchesFirst_ThenTheMostRecentVisit_ThenByName_AndPagesStably()
    {
        var ct = TestContext.Current.CancellationToken;
        var tickets = Resolve<TicketLinkService>();
        var surname = "Visit" + Unique();
        async Task<Guid> Customer(string firstName) => (await CreateAsync(new CustomerInput { FirstName = firstName, LastName = surname })).Id;
        async Task<string> Ticket(Guid customer, TicketStatus status, TimeSpan ago)
        {
            var reference = "V-" + Unique();
            var reported = await tickets.ReportAsync(Merchant, new TicketReport
            {
                TicketReference = reference,
                Status = status,
                Total = 10m,
                Currency = "EUR",
                LineCount = 1,
                CompletedAt = status == TicketStatus.Open ? null : Clock.GetUtcNow() - ago,
            }, ct);
            Assert.True(reported.Succeeded, reported.ToString());
            var attached = await tickets.AttachAsync(Merchant, reference, customer, cancellationToken: ct);
            Assert.True(attached.Succeeded, attached.ToString());
            return reference;
        }

        // Created in an order that is neither the visit order nor the name order, so neither id nor creation time can
        // produce the expected list.
        var cat = await Customer("Cat");
        var zed = await Customer("Zed");
        var bob = await Customer("Bob");
        var amy = await Customer("Amy");
        var abe = await Customer("Abe");
        var exact = (await CreateAsync(new CustomerInput { FirstName = "Exact", LastName = "Coded", CustomerCode = surname })).Id;
        await Ticket(zed, TicketStatus.Completed, TimeSpan.FromDays(2));
        await Ticket(zed, TicketStatus.Completed, TimeSpan.FromDays(25));
        var amysLatest = await Ticket(amy, TicketStatus.Completed, TimeSpan.FromDays(1));
        await Ticket(amy, TicketStatus.Completed, TimeSpan.FromDays(20));
        await Ticket(cat, TicketStatus.Open, TimeSpan.Zero);

        async Task<List<Guid>> PagedAsync(int pageSize)
        {
            var seen = new List<Guid>();
            for (var skip = 0; skip < 6; skip += pageSize)
            {
                seen.AddRange((await SearchAsync(surname, take: pageSize, skip: skip)).Select(m => m.Customer.Id));
            }

            return seen;
        }

        // The code is exact; then the latest visit first; an open ticket is not a visit, so Cat ranks with those never
        // seen, by name.
        List<Guid> expected = [exact, amy, zed, abe, bob, cat];
        Assert.Equal(expected, (await SearchAsync(surname)).Select(m => m.Customer.Id).ToList());
        Assert.Equal(expected, await PagedAsync(1));
        Assert.Equal(expected, await PagedAsync(4));

        // The ranking follows the links: once Amy's latest ticket is moved to Abe, Abe is the most recent visitor and
        // Amy's older visit ranks her after Zed.
        Assert.True((await tickets.AttachAsync(Merchant, amysLatest, abe, new AttachOptions { MoveFromAnotherCustomer = true }, ct)).Succeeded);
        Assert.Equal([exact, abe, zed, amy, bob, cat], (await SearchAsync(surname)).Select(m => m.Customer.Id).ToList());
    }

    [Fact]
    public async Task CreateAsync_SamePhone_ReturnsCandidatesUnlessInsisted()
    {
        var existing = await CreateAsync(new CustomerInput { FirstName = "Dup", Phone = "07911 123470" });

        var refused = await Customers.CreateAsync(Merchant, new CustomerInput { FirstName = "Dupe", Phone = "+447911123470" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(refused.TryGetValue(out var created, out var errors));
        Assert.Null(created);
        var error = Assert.IsType<DuplicateCustomersError>(Assert.Single(errors));
        Assert.Equal(CustomerErrorCodes.PossibleDuplicate, error.Code);
        var candidate = Assert.Single(error.Candidates);
        Assert.Equal(existing.Id, candidate.Customer.Id);
        Assert.Equal(MatchReason.Phone, candidate.MatchedBy);

        var insisted = await CreateAsync(new CustomerInput { FirstName = "Dupe", Phone = "+447911123470" }, allowDuplicates: true);
        Assert.NotEqual(existing.Id, insisted.Id);
    }

    [Fact]
    public async Task CreateAsync_SameNameAndPostalCode_ReturnsCandidate()
    {
        var surname = "Smíth" + Unique();
        var existing = await CreateAsync(new CustomerInput { FirstName = "Jo", LastName = surname, PostalCode = "M1 1AE" });

        var refused = await Customers.CreateAsync(Merchant, new CustomerInput { FirstName = "jo", LastName = surname.ToUpperInvariant(), PostalCode = "m11ae" }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(refused.TryGetError<DuplicateCustomersError>(out var duplicate));
        var candidate = Assert.Single(duplicate.Candidates);
        Assert.Equal(existing.Id, candidate.Customer.Id);
        Assert.Equal(MatchReason.NameAndPostalCode, candidate.MatchedBy);
    }

    [Fact]
    public async Task EnsureCustomerAsync_CalledTwice_ReturnsTheSameCustomer()
    {
        var input = new CustomerInput { FirstName = "Appointment", Email = $"appt.{Unique()}@example.com" };

        var first = await Customers.EnsureCustomerAsync(Merchant, input, TestContext.Current.CancellationToken);
        var second = await Customers.EnsureCustomerAsync(Merchant, input with { Email = input.Email!.ToUpperInvariant() }, TestContext.Current.CancellationToken);

        Assert.True(first.Value!.Created);
        Assert.False(second.Value!.Created);
        Assert.Equal(first.Value.Customer.Id, second.Value.Customer.Id);
    }

    [Fact]
    public async Task Consent_History_IsAppendOnlyAndMatchesCurrentState()
    {
        var created = await CreateAsync(new CustomerInput
        {
            Email = $"consent.{Unique()}@example.com",
            EmailConsent = new ConsentInput(ConsentStatus.OptedIn, "v1"),
            Source = ConsentSource.Pos,
        });
        Clock.Advance(TimeSpan.FromDays(1));
        var withdrawn = await Customers.SetConsentAsync(Merchant, created.Id, created.Version, ConsentChannel.Email, new ConsentInput(ConsentStatus.OptedOut, "v2"), ConsentSource.Web, TestContext.Current.CancellationToken);
        Assert.True(withdrawn.Succeeded, withdrawn.ToString());

        var history = (await Customers.GetConsentHistoryAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!;
        var current = (await Customers.GetAsync(Merchant, created.Id, TestContext.Current.CancellationToken)).Value!;

        Assert.Equal([ConsentStatus.OptedIn, ConsentStatus.OptedOut], history.Select(h => h.Status).ToList());
        Assert.Equal([ConsentSource.Pos, ConsentSource.Web], history.Select(h => h.Source).ToList());
        Assert.Equal(["v1", "v2"], history.Select(h => h.WordingVersion).ToList());
        Assert.True(history[1].RecordedAt > history[0].RecordedAt);
        Assert.Equal(ConsentStatus.OptedOut, current.EmailConsent.Status);
        Assert.Equal(ConsentSource.Web, current.EmailConsent.Source);
        Assert.Equal(ConsentStatus.Unknown, current.SmsConsent.Status);
    }

    [Fact]
    public async Task UnitOfWork_DisposedWithoutCommit_RollsBackEveryWrite()
    {
        var uow = Resolve<ICustomerCoreUnitOfWork>();
        var email = $"rollback.{Unique()}@example.com";
        Guid id;
        await using (var tx = await uow.BeginAsync(TestContext.Current.CancellationToken))
        {
            var customer = new Customer { Id = Guid.CreateVersion7(), MerchantId = Merchant, Email = email, NormalizedEmail = email, Version = 1 };
            id = customer.Id;
            Assert.Equal(StoreWriteOutcome.Success, await Resolve<ICustomerStore>().CreateAsync(customer, TestContext.Current.CancellationToken));
        }

        Assert.Null(await Resolve<ICustomerStore>().FindByIdAsync(Merchant, id, TestContext.Current.CancellationToken));
        Assert.Null(await Resolve<ICustomerStore>().FindByNormalizedEmailAsync(Merchant, email, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Store_FindByNormalizedEmails_ReturnsOnlyExistingOnes()
    {
        var a = await CreateAsync(new CustomerInput { Email = $"a.{Unique()}@example.com" });
        var b = await CreateAsync(new CustomerInput { Email = $"b.{Unique()}@example.com" });

        var found = await Resolve<ICustomerStore>().FindByNormalizedEmailsAsync(Merchant, [a.NormalizedEmail!, b.NormalizedEmail!, "missing@example.com"], TestContext.Current.CancellationToken);

        Assert.Equal(new[] { a.Id, b.Id }.Order(), found.Select(c => c.Id).Order());
    }

    [Fact]
    public async Task Store_ListAsync_PagesByIdAcrossTheMerchant()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            ids.Add((await CreateAsync(new CustomerInput { FirstName = "L" + i })).Id);
        }

        var store = Resolve<ICustomerStore>();
        var first = await store.ListAsync(Merchant, null, 2, TestContext.Current.CancellationToken);
        var rest = await store.ListAsync(Merchant, first[^1].Id, 10, TestContext.Current.CancellationToken);

        Assert.Equal(ids, first.Concat(rest).Select(c => c.Id).ToList());
    }

    [Fact]
    public async Task Store_DeleteAsync_RemovesOnlyWithCurrentVersion()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Gone", Email = $"gone.{Unique()}@example.com" });
        var store = Resolve<ICustomerStore>();

        Assert.Equal(StoreWriteOutcome.VersionConflict, await store.DeleteAsync(Merchant, created.Id, created.Version + 5, TestContext.Current.CancellationToken));
        Assert.Equal(StoreWriteOutcome.Success, await Resolve<ICustomerStore>().DeleteAsync(Merchant, created.Id, created.Version, TestContext.Current.CancellationToken));
        Assert.Null(await Resolve<ICustomerStore>().FindByNormalizedEmailAsync(Merchant, created.NormalizedEmail!, TestContext.Current.CancellationToken));
    }

    private Customer NewRow(string email) => new()
    {
        Id = Guid.CreateVersion7(),
        MerchantId = Merchant,
        FirstName = "Batch",
        Email = email,
        NormalizedEmail = email,
        NameTokens = ["batch", "row" + Unique()],
        Version = 1,
        CreatedAt = Clock.GetUtcNow(),
        UpdatedAt = Clock.GetUtcNow(),
    };

    [Fact]
    public async Task Store_WriteBatchAsync_CreatesAndUpdatesTogether()
    {
        var existing = await CreateAsync(new CustomerInput { FirstName = "Old", Email = $"old.{Unique()}@example.com" });
        var changed = existing.Clone();
        changed.FirstName = "Renamed";
        changed.NameTokens = ["renamed"];
        changed.Version = existing.Version + 1;
        var fresh = NewRow($"fresh.{Unique()}@example.com");

        var result = await Resolve<ICustomerStore>().WriteBatchAsync([new CustomerWrite(fresh, null), new CustomerWrite(changed, existing.Version)], TestContext.Current.CancellationToken);

        Assert.Equal(StoreWriteOutcome.Success, result.Outcome);
        Assert.Equal("Renamed", (await Resolve<ICustomerStore>().FindByIdAsync(Merchant, existing.Id, TestContext.Current.CancellationToken))!.FirstName);
        Assert.NotNull(await Resolve<ICustomerStore>().FindByNormalizedEmailAsync(Merchant, fresh.NormalizedEmail!, TestContext.Current.CancellationToken));
        Assert.Contains(await Resolve<ICustomerStore>().FindByNameTokensAsync(Merchant, ["renam"], 10, TestContext.Current.CancellationToken), c => c.Id == existing.Id);
        Assert.DoesNotContain(await Resolve<ICustomerStore>().FindByNameTokensAsync(Merchant, ["old"], 10, TestContext.Current.CancellationToken), c => c.Id == existing.Id);
    }

    [Fact]
    public async Task Store_WriteBatchAsync_StoresEveryFieldExactlyAsASingleCreateWould()
    {
        var now = Clock.GetUtcNow();
        var full = NewRow($"full.{Unique()}@example.com");
        full.LastName = "Ünïcode";
        full.DisplayName = "Display";
        full.CompanyName = "Co";
        full.Phone = "07911 123456";
        full.PhoneE164 = "+447911123456";
        full.PhoneDigitsReversed = "654321119744";
        full.SecondaryPhone = "12-34";
        full.AddressLine1 = "1 High St";
        full.AddressLine2 = "Flat 2";
        full.HouseNumber = "1";
        full.City = "Leeds";
        full.Region = "West Yorkshire";
        full.PostalCode = "ls1 4ap";
        full.NormalizedPostalCode = "LS14AP";
        full.Country = "GB";
        full.CustomerCode = "c-" + Unique();
        full.NormalizedCustomerCode = full.CustomerCode.ToUpperInvariant();
        full.Birthday = new DateOnly(1985, 12, 31);
        full.Note = "Note, with \"quotes\"";
        full.GroupId = Guid.CreateVersion7();
        full.PersonalDiscount = Discounts.Discount.PercentOff(12.5m);
        full.Tags = ["vip", "café"];
        full.EmailConsent = new ConsentState(ConsentStatus.OptedIn, now, ConsentSource.Import, "v9");
        full.CreatedBy = "tester";
        full.UpdatedBy = "tester";
        var single = full.Clone();
        single.Id = Guid.CreateVersion7();
        single.Email = "single." + full.Email;
        single.NormalizedEmail = single.Email;
        single.CustomerCode += "-s";
        single.NormalizedCustomerCode = single.CustomerCode.ToUpperInvariant();

        Assert.Equal(StoreWriteOutcome.Success, (await Resolve<ICustomerStore>().WriteBatchAsync([new CustomerWrite(full, null)], TestContext.Current.CancellationToken)).Outcome);
        Assert.Equal(StoreWriteOutcome.Success, await Resolve<ICustomerStore>().CreateAsync(single, TestContext.Current.CancellationToken));

        var fromBatch = (await Resolve<ICustomerStore>().FindByIdAsync(Merchant, full.Id, TestContext.Current.CancellationToken))!;
        var fromSingle = (await Resolve<ICustomerStore>().FindByIdAsync(Merchant, single.Id, TestContext.Current.CancellationToken))!;
        static string Json(Customer c) => System.Text.Json.JsonSerializer.Serialize(c);
        Assert.Equal(full.PersonalDiscount, fromBatch.PersonalDiscount);
        Assert.Equal(full.EmailConsent, fromBatch.EmailConsent);
        Assert.Equal(full.Tags, fromBatch.Tags);
        Assert.Equal((full.Birthday, full.Note, full.LastName, full.GroupId), (fromBatch.Birthday, fromBatch.Note, fromBatch.LastName, fromBatch.GroupId));
        Assert.Equal((full.CreatedAt, full.PhoneDigitsReversed, full.SecondaryPhone), (fromBatch.CreatedAt, fromBatch.PhoneDigitsReversed, fromBatch.SecondaryPhone));
        fromSingle.Id = full.Id;
        fromSingle.Email = full.Email;
        fromSingle.NormalizedEmail = full.NormalizedEmail;
        fromSingle.CustomerCode = full.CustomerCode;
        fromSingle.NormalizedCustomerCode = full.NormalizedCustomerCode;
        Assert.Equal(Json(fromBatch), Json(fromSingle));
        Assert.Contains(await Resolve<ICustomerStore>().FindByPhoneSuffixAsync(Merchant, "6543", 10, TestContext.Current.CancellationToken), c => c.Id == full.Id);
    }

    [Fact]
    public async Task Store_WriteBatchAsync_AcrossMerchants_IsRefusedAndWritesNothing()
    {
        var mine = NewRow($"mine.{Unique()}@example.com");
        var theirs = NewRow($"theirs.{Unique()}@example.com");
        theirs.MerchantId = new MerchantId("other-" + Unique());

        await Assert.ThrowsAsync<ArgumentException>(() => Resolve<ICustomerStore>().WriteBatchAsync([new CustomerWrite(mine, null), new CustomerWrite(theirs, null)], TestContext.Current.CancellationToken));

        Assert.Null(await Resolve<ICustomerStore>().FindByIdAsync(Merchant, mine.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Store_WriteBatchAsync_WithOneBadWrite_WritesNothing()
    {
        var existing = await CreateAsync(new CustomerInput { FirstName = "Taken", Email = $"taken.{Unique()}@example.com" });
        var good = NewRow($"good.{Unique()}@example.com");
        var clash = NewRow(existing.NormalizedEmail!);
        var stale = existing.Clone();
        stale.Version = existing.Version + 5;

        var duplicate = await Resolve<ICustomerStore>().WriteBatchAsync([new CustomerWrite(good, null), new CustomerWrite(clash, null)], TestContext.Current.CancellationToken);
        var conflict = await Resolve<ICustomerStore>().WriteBatchAsync([new CustomerWrite(good, null), new CustomerWrite(stale, existing.Version + 4)], TestContext.Current.CancellationToken);

        Assert.Equal(StoreWriteOutcome.DuplicateEmail, duplicate.Outcome);
        Assert.Equal(StoreWriteOutcome.VersionConflict, conflict.Outcome);
        Assert.Null(await Resolve<ICustomerStore>().FindByIdAsync(Merchant, good.Id, TestContext.Current.CancellationToken));
        Assert.Null(await Resolve<ICustomerStore>().FindByIdAsync(Merchant, clash.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ReturnedCustomer_ChangedByCaller_DoesNotChangeTheStore()
    {
        var created = await CreateAsync(new CustomerInput { FirstName = "Copy" });
        var loaded = await Resolve<ICustomerStore>().FindByIdAsync(Merchant, created.Id, TestContext.Current.CancellationToken);
        loaded!.FirstName = "Mutated";
        loaded.Tags.Add("x");

        var again = await Resolve<ICustomerStore>().FindByIdAsync(Merchant, created.Id, TestContext.Current.CancellationToken);
        Assert.Equal("Copy", again!.FirstName);
        Assert.Empty(again.Tags);
    }
}
