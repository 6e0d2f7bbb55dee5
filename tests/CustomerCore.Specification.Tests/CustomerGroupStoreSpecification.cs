using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Groups;
using CustomerCore.Security;
using CustomerCore.Stores;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CustomerCore.Specification.Tests;

/// <summary>Conformance tests for <see cref="ICustomerGroupStore"/> and the customer fields groups and discounts use,
/// driven through <see cref="CustomerGroupService"/> and <see cref="DiscountService"/>.</summary>
public abstract class CustomerGroupStoreSpecification : CustomerCoreSpecificationTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CustomerGroupService Groups => Resolve<CustomerGroupService>();

    private DiscountService Discounts => Resolve<DiscountService>();

    private async Task<Customer> NewCustomerAsync(string? name = null)
    {
        var result = await Resolve<CustomerService>().CreateAsync(
            Merchant, new CustomerInput { FirstName = name ?? "Member", LastName = Unique() }, new CreateCustomerOptions { AllowPossibleDuplicates = true }, Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!.Customer!;
    }

    private async Task<CustomerGroup> NewGroupAsync(string? name = null, Discount? discount = null)
    {
        var result = await Groups.CreateAsync(Merchant, name ?? "Group " + Unique(), discount, Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<Customer> AssignAsync(Customer customer, CustomerGroup group)
    {
        var result = await Groups.AssignCustomerAsync(Merchant, customer.Id, customer.Version, group.Id, Ct);
        Assert.True(result.Succeeded, result.ToString());
        return result.Value!;
    }

    private async Task<Customer> ReloadAsync(Guid customerId) => (await Resolve<CustomerService>().GetAsync(Merchant, customerId, Ct)).Value!;

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_ReturnsDuplicateGroupName()
    {
        var name = "Wholesale " + Unique();
        await NewGroupAsync(name);

        var again = await Groups.CreateAsync(Merchant, "  " + name.ToUpperInvariant() + " ", cancellationToken: Ct);

        Assert.True(again.HasError(CustomerErrorCodes.DuplicateGroupName), again.ToString());
        Assert.Single((await Groups.ListAsync(Merchant, Ct)).Value!);
    }

    [Fact]
    public async Task CreateAsync_SameNameForAnotherMerchant_Succeeds()
    {
        var name = "Staff " + Unique();
        await NewGroupAsync(name);

        var other = await Groups.CreateAsync(new MerchantId("other-" + Unique()), name, cancellationToken: Ct);

        Assert.True(other.Succeeded, other.ToString());
        Assert.Equal(name.ToUpperInvariant(), other.Value!.NormalizedName);
    }

    [Fact]
    public async Task CreateAsync_BlankOrOverlongName_ReturnsValidationErrors()
    {
        var blank = await Groups.CreateAsync(Merchant, "   ", cancellationToken: Ct);
        var tooLong = await Groups.CreateAsync(Merchant, new string('x', CustomerGroupService.NameMaxLength + 1), cancellationToken: Ct);

        Assert.True(blank.HasError(CustomerErrorCodes.Required));
        Assert.True(tooLong.HasError(CustomerErrorCodes.TooLong));
    }

    [Fact]
    public async Task RenameAsync_ChangesNameAndRejectsStaleVersionAndTakenName()
    {
        var group = await NewGroupAsync();
        var taken = await NewGroupAsync();

        var renamed = await Groups.RenameAsync(Merchant, group.Id, group.Version, "Renamed " + Unique(), Ct);
        var stale = await Groups.RenameAsync(Merchant, group.Id, group.Version, "Stale " + Unique(), Ct);
        var clash = await Groups.RenameAsync(Merchant, group.Id, renamed.Value!.Version, taken.Name.ToLowerInvariant(), Ct);

        Assert.True(renamed.Succeeded, renamed.ToString());
        Assert.Equal(group.Version + 1, renamed.Value.Version);
        Assert.True(stale.HasError(CustomerErrorCodes.VersionConflict));
        Assert.True(clash.HasError(CustomerErrorCodes.DuplicateGroupName), clash.ToString());
        var loaded = (await Groups.GetAsync(Merchant, group.Id, Ct)).Value!;
        Assert.Equal(renamed.Value.Name, loaded.Name);
        Assert.NotNull(await Resolve<ICustomerGroupStore>().FindByNormalizedNameAsync(Merchant, renamed.Value.NormalizedName, Ct));
        Assert.Null(await Resolve<ICustomerGroupStore>().FindByNormalizedNameAsync(Merchant, group.NormalizedName, Ct));
    }

    [Fact]
    public async Task ListAsync_ReturnsGroupsByNameWithMemberCounts()
    {
        var b = await NewGroupAsync("B " + Unique());
        var a = await NewGroupAsync("a " + Unique());
        await AssignAsync(await NewCustomerAsync(), b);
        await AssignAsync(await NewCustomerAsync(), b);
        await AssignAsync(await NewCustomerAsync(), a);
        await NewCustomerAsync();

        var list = (await Groups.ListAsync(Merchant, Ct)).Value!;

        Assert.Equal([a.Id, b.Id], list.Select(s => s.Group.Id).ToList());
        Assert.Equal([1, 2], list.Select(s => s.MemberCount).ToList());
    }

    [Fact]
    public async Task AssignCustomerAsync_ToAnotherGroup_MovesTheCustomer()
    {
        var first = await NewGroupAsync();
        var second = await NewGroupAsync();
        var customer = await AssignAsync(await NewCustomerAsync(), first);

        var moved = await AssignAsync(customer, second);

        Assert.Equal(second.Id, (await ReloadAsync(customer.Id)).GroupId);
        Assert.Equal(customer.Version + 1, moved.Version);
        var counts = (await Groups.ListAsync(Merchant, Ct)).Value!.ToDictionary(s => s.Group.Id, s => s.MemberCount);
        Assert.Equal(0, counts[first.Id]);
        Assert.Equal(1, counts[second.Id]);
    }

    [Fact]
    public async Task AssignCustomerAsync_StaleVersionOrUnknownGroup_ChangesNothing()
    {
        var group = await NewGroupAsync();
        var customer = await NewCustomerAsync();

        var stale = await Groups.AssignCustomerAsync(Merchant, customer.Id, customer.Version - 1, group.Id, Ct);
        var unknown = await Groups.AssignCustomerAsync(Merchant, customer.Id, customer.Version, Guid.CreateVersion7(), Ct);

        Assert.True(stale.HasError(CustomerErrorCodes.VersionConflict));
        Assert.True(unknown.HasError(CustomerErrorCodes.NotFound));
        var reloaded = await ReloadAsync(customer.Id);
        Assert.Null(reloaded.GroupId);
        Assert.Equal(customer.Version, reloaded.Version);
    }

    [Fact]
    public async Task UnassignCustomerAsync_LeavesTheCustomerUngrouped()
    {
        var customer = await AssignAsync(await NewCustomerAsync(), await NewGroupAsync());

        var result = await Groups.UnassignCustomerAsync(Merchant, customer.Id, customer.Version, Ct);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Null((await ReloadAsync(customer.Id)).GroupId);
    }

    [Fact]
    public async Task DeleteAsync_UngroupsEveryMemberAndRemovesTheGroup()
    {
        var group = await NewGroupAsync();
        var keep = await NewGroupAsync();
        var members = new List<Customer>();
        for (var i = 0; i < 3; i++)
        {
            members.Add(await AssignAsync(await NewCustomerAsync(), group));
        }

        var other = await AssignAsync(await NewCustomerAsync(), keep);

        var deleted = await Groups.DeleteAsync(Merchant, group.Id, group.Version, Ct);

        Assert.True(deleted.Succeeded, deleted.ToString());
        Assert.Equal(3, deleted.Value);
        Assert.True((await Groups.GetAsync(Merchant, group.Id, Ct)).HasError(CustomerErrorCodes.NotFound));
        foreach (var member in members)
        {
            var reloaded = await ReloadAsync(member.Id);
            Assert.Null(reloaded.GroupId);
            Assert.Equal(member.Version + 1, reloaded.Version);
        }

        Assert.Equal(keep.Id, (await ReloadAsync(other.Id)).GroupId);
        Assert.Empty(await Resolve<ICustomerGroupStore>().ListMemberIdsAsync(Merchant, group.Id, Ct));
        Assert.Null(await Resolve<ICustomerGroupStore>().FindByNormalizedNameAsync(Merchant, group.NormalizedName, Ct));
    }

    [Fact]
    public async Task DeleteAsync_StaleVersion_LeavesGroupAndMembersAlone()
    {
        var group = await NewGroupAsync();
        var member = await AssignAsync(await NewCustomerAsync(), group);
        var renamed = await Groups.RenameAsync(Merchant, group.Id, group.Version, "Newer " + Unique(), Ct);

        var deleted = await Groups.DeleteAsync(Merchant, group.Id, group.Version, Ct);

        Assert.True(renamed.Succeeded);
        Assert.True(deleted.HasError(CustomerErrorCodes.VersionConflict));
        Assert.Equal(group.Id, (await ReloadAsync(member.Id)).GroupId);
        Assert.True((await Groups.GetAsync(Merchant, group.Id, Ct)).Succeeded);
    }

    [Fact]
    public async Task GroupChanges_WithoutWritePermission_AreForbidden()
    {
        var group = await NewGroupAsync();
        var customer = await NewCustomerAsync();
        var denied = ActAs<CustomerGroupService>(new TestAccessContext("cashier", CustomerPermissions.Write));

        Assert.True((await denied.CreateAsync(Merchant, "Nope " + Unique(), cancellationToken: Ct)).HasError(CustomerErrorCodes.Forbidden));
        Assert.True((await denied.DeleteAsync(Merchant, group.Id, group.Version, Ct)).HasError(CustomerErrorCodes.Forbidden));
        Assert.True((await denied.AssignCustomerAsync(Merchant, customer.Id, customer.Version, group.Id, Ct)).HasError(CustomerErrorCodes.Forbidden));
        Assert.True((await Groups.GetAsync(Merchant, group.Id, Ct)).Succeeded);
    }

    [Fact]
    public async Task GroupChanges_RecordTheActor()
    {
        var services = ActAs<CustomerGroupService>(new TestAccessContext("manager-7"));

        var group = (await services.CreateAsync(Merchant, "Audited " + Unique(), cancellationToken: Ct)).Value!;
        var customer = (await services.AssignCustomerAsync(Merchant, (await NewCustomerAsync()).Id, 1, group.Id, Ct)).Value!;

        Assert.Equal("manager-7", (await Groups.GetAsync(Merchant, group.Id, Ct)).Value!.CreatedBy);
        Assert.Equal("manager-7", (await ReloadAsync(customer.Id)).UpdatedBy);
    }

    [Fact]
    public async Task SetPersonalDiscountAsync_IsStoredAndSurvivesCustomerUpdates()
    {
        var customer = await NewCustomerAsync();
        var group = await NewGroupAsync(discount: Discount.PercentOff(5m));
        customer = await AssignAsync(customer, group);

        var set = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(2.50m, "eur")), Ct);
        Assert.True(set.Succeeded, set.ToString());
        var updated = await Resolve<CustomerService>().UpdateAsync(
            Merchant, customer.Id, set.Value!.Version, CustomerInput.From(set.Value) with { Note = "still discounted" }, Ct);
        Assert.True(updated.Succeeded, updated.ToString());

        var reloaded = await ReloadAsync(customer.Id);
        Assert.Equal(new Discount(DiscountKind.Amount, 2.50m, "EUR"), reloaded.PersonalDiscount);
        Assert.Equal(group.Id, reloaded.GroupId);
        Assert.Equal(Discount.PercentOff(5m), (await Groups.GetAsync(Merchant, group.Id, Ct)).Value!.Discount);

        var cleared = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, reloaded.Version, null, Ct);
        Assert.True(cleared.Succeeded);
        Assert.Null((await ReloadAsync(customer.Id)).PersonalDiscount);
    }

    [Theory]
    [InlineData(0, CustomerErrorCodes.DiscountPercentageOutOfRange)]
    [InlineData(-5, CustomerErrorCodes.DiscountPercentageOutOfRange)]
    [InlineData(100.01, CustomerErrorCodes.DiscountPercentageOutOfRange)]
    public async Task SetPersonalDiscountAsync_PercentageOutOfRange_IsRejected(double percentage, string code)
    {
        var customer = await NewCustomerAsync();

        var result = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.PercentOff((decimal)percentage), Ct);

        Assert.True(result.HasError(code), result.ToString());
        Assert.Null((await ReloadAsync(customer.Id)).PersonalDiscount);
    }

    [Fact]
    public async Task SetPersonalDiscountAsync_InvalidAmounts_AreRejected()
    {
        var customer = await NewCustomerAsync();

        var negative = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(-1m, "EUR")), Ct);
        var fractionalYen = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(1.5m, "JPY")), Ct);
        var noCurrency = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, new Discount(DiscountKind.Amount, 5m), Ct);
        var unknownCurrency = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(5m, "XYZ")), Ct);
        var huge = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(decimal.MaxValue, "EUR")), Ct);
        var finePercent = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.PercentOff(12.34567m), Ct);
        var fullPercent = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.PercentOff(100m), Ct);

        Assert.True(negative.HasError(CustomerErrorCodes.AmountNotPositive));
        Assert.True(fractionalYen.HasError(CustomerErrorCodes.TooManyDecimals));
        Assert.True(noCurrency.HasError(CustomerErrorCodes.Required), noCurrency.ToString());
        Assert.True(unknownCurrency.HasError(CustomerErrorCodes.InvalidCurrency), unknownCurrency.ToString());
        Assert.Equal("Discount.Currency", unknownCurrency.Errors[0].Field);
        Assert.True(huge.HasError(CustomerErrorCodes.AmountTooLarge), huge.ToString());
        Assert.True(finePercent.HasError(CustomerErrorCodes.TooManyDecimals), finePercent.ToString());
        Assert.True(fullPercent.Succeeded, fullPercent.ToString());
    }

    [Fact]
    public async Task QuoteAsync_NoDiscountAnywhere_QuotesZero()
    {
        var customer = await NewCustomerAsync();

        var quote = (await Discounts.QuoteAsync(Merchant, customer.Id, new Money(20m, "EUR"), Ct)).Value!;

        Assert.Equal(new Money(0m, "EUR"), quote.Amount);
        Assert.Equal(DiscountSource.None, quote.Source);
        Assert.Equal(DiscountQuoteReason.NoDiscount, quote.Reason);
    }

    [Fact]
    public async Task QuoteAsync_ByDefault_PersonalDiscountWinsEvenWhenSmaller()
    {
        var (customer, group) = await CustomerWithBothDiscountsAsync(Discount.PercentOff(5m), Discount.PercentOff(20m));

        var quote = (await Discounts.QuoteAsync(Merchant, customer.Id, new Money(100m, "EUR"), Ct)).Value!;

        Assert.Equal(new Money(5m, "EUR"), quote.Amount);
        Assert.Equal(DiscountSource.Personal, quote.Source);
        Assert.Equal(DiscountQuoteReason.PersonalWinsByPolicy, quote.Reason);
        Assert.Equal(group.Id, quote.GroupId);
        Assert.Equal(new Money(95m, "EUR"), quote.Total);
    }

    [Fact]
    public async Task QuoteAsync_BestForCustomer_PicksTheLargerAmount()
    {
        var (customer, _) = await CustomerWithBothDiscountsAsync(Discount.FixedAmount(new Money(3m, "EUR")), Discount.PercentOff(10m));
        await using var bestForCustomer = BuildServices(o => o.DiscountPrecedence = DiscountPrecedence.BestForCustomer);
        var discounts = bestForCustomer.CreateScope().ServiceProvider.GetRequiredService<DiscountService>();

        var small = (await discounts.QuoteAsync(Merchant, customer.Id, new Money(20m, "EUR"), Ct)).Value!;
        var large = (await discounts.QuoteAsync(Merchant, customer.Id, new Money(50m, "EUR"), Ct)).Value!;

        Assert.Equal((DiscountSource.Personal, new Money(3m, "EUR")), (small.Source, small.Amount));
        Assert.Equal((DiscountSource.Group, new Money(5m, "EUR")), (large.Source, large.Amount));
        Assert.Equal(DiscountQuoteReason.LargerForCustomer, large.Reason);
    }

    [Fact]
    public async Task QuoteAsync_GroupDiscountOnly_AppliesTheGroupsAndRounds()
    {
        var customer = await AssignAsync(await NewCustomerAsync(), await NewGroupAsync(discount: Discount.PercentOff(12.5m)));

        var quote = (await Discounts.QuoteAsync(Merchant, customer.Id, new Money(9.99m, "EUR"), Ct)).Value!;

        Assert.Equal(new Money(1.25m, "EUR"), quote.Amount);
        Assert.Equal(DiscountSource.Group, quote.Source);
        Assert.Equal(DiscountQuoteReason.OnlyGroup, quote.Reason);
    }

    [Fact]
    public async Task QuoteAsync_FixedAmountLargerThanSubtotal_IsCappedAtTheSubtotal()
    {
        var customer = await NewCustomerAsync();
        customer = (await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(10m, "GBP")), Ct)).Value!;

        var quote = (await Discounts.QuoteAsync(Merchant, customer.Id, new Money(4.20m, "GBP"), Ct)).Value!;

        Assert.Equal(new Money(4.20m, "GBP"), quote.Amount);
        Assert.True(quote.CappedAtSubtotal);
        Assert.Equal(DiscountQuoteReason.OnlyPersonal, quote.Reason);
    }

    [Fact]
    public async Task QuoteAsync_FixedAmountInAnotherCurrency_ReturnsCurrencyMismatch()
    {
        var customer = await NewCustomerAsync();
        customer = (await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, Discount.FixedAmount(new Money(10m, "GBP")), Ct)).Value!;

        var quote = await Discounts.QuoteAsync(Merchant, customer.Id, new Money(40m, "EUR"), Ct);
        var badSubtotal = await Discounts.QuoteAsync(Merchant, customer.Id, new Money(40.001m, "GBP"), Ct);

        Assert.True(quote.HasError(CustomerErrorCodes.CurrencyMismatch), quote.ToString());
        Assert.True(badSubtotal.HasError(CustomerErrorCodes.TooManyDecimals), badSubtotal.ToString());
    }

    private async Task<(Customer Customer, CustomerGroup Group)> CustomerWithBothDiscountsAsync(Discount personal, Discount groupDiscount)
    {
        var group = await NewGroupAsync(discount: groupDiscount);
        var customer = await AssignAsync(await NewCustomerAsync(), group);
        var set = await Discounts.SetPersonalDiscountAsync(Merchant, customer.Id, customer.Version, personal, Ct);
        Assert.True(set.Succeeded, set.ToString());
        return (set.Value!, group);
    }
}
