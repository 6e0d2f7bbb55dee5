using CustomerCore.ChangeFeed;
using CustomerCore.Customers;
using CustomerCore.Merchants;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Discounts;

/// <summary>
/// Sets a customer's personal discount and quotes the discount for a ticket subtotal, choosing between the personal
/// and the group discount by the merchant's <see cref="DiscountPrecedence"/>.
/// </summary>
public sealed class DiscountService
{
    private readonly ICustomerStore _customers;
    private readonly ICustomerGroupStore _groups;
    private readonly CustomerWriter _writer;
    private readonly IMerchantSettingsProvider _settings;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;
    private readonly MoneyRules _money;

    internal DiscountService(
        ICustomerStore customers,
        ICustomerGroupStore groups,
        CustomerWriter writer,
        IMerchantSettingsProvider settings,
        PermissionGuard guard,
        CustomerErrorDescriber describer,
        MoneyRules money)
    {
        _money = money;
        _customers = customers;
        _groups = groups;
        _writer = writer;
        _settings = settings;
        _guard = guard;
        _describer = describer;
    }

    /// <summary>
    /// Sets or (with null) removes a customer's personal discount. A percentage must be more than 0 and at most 100, with
    /// at most four decimal places; an amount must be positive, at most <see cref="CustomerCoreOptions.MaxPostingAmount"/>,
    /// in an active ISO 4217 currency and fit its minor unit. Needs <see cref="CustomerPermissions.Write"/>.
    /// </summary>
    public async Task<OperationResult<Customer>> SetPersonalDiscountAsync(
        MerchantId merchantId, Guid customerId, long expectedVersion, Discount? discount, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        if (discount is not null && DiscountValidator.Validate(discount, _money) is { Count: > 0 } errors)
        {
            return OperationResult<Customer>.Failed(errors);
        }

        var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound());
        }

        if (customer.Version != expectedVersion)
        {
            return OperationResult<Customer>.Failed(_describer.VersionConflict());
        }

        var changed = customer.Clone();
        changed.PersonalDiscount = discount is null ? null : DiscountValidator.Normalize(discount);
        return await _writer.UpdateAsync(customer, changed, ChangeKind.PersonalDiscountChanged, [], null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The discount a customer gets on <paramref name="subtotal"/>: which rule applies (personal, group or none) and why,
    /// the amount rounded half away from zero to the currency's minor unit and never more than the subtotal.
    /// A fixed-amount discount in another currency than the subtotal fails with <see cref="CustomerErrorCodes.CurrencyMismatch"/>.
    /// Needs <see cref="CustomerPermissions.Read"/>; changes nothing.
    /// </summary>
    public async Task<OperationResult<DiscountQuote>> QuoteAsync(
        MerchantId merchantId, Guid customerId, Money subtotal, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<DiscountQuote>.Failed(denied);
        }

        if (SubtotalError(subtotal) is { } invalid)
        {
            return OperationResult<DiscountQuote>.Failed(invalid);
        }

        var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return OperationResult<DiscountQuote>.Failed(_describer.NotFound());
        }

        // A group removed by a concurrent delete simply gives no group discount.
        var group = customer.GroupId is { } groupId
            ? await _groups.FindByIdAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false)
            : null;
        var settings = await _settings.GetSettingsAsync(merchantId, cancellationToken).ConfigureAwait(false);

        var personal = customer.PersonalDiscount;
        var considered = personal is not null && settings.DiscountPrecedence == DiscountPrecedence.PersonalWins
            ? [personal]
            : new[] { personal, group?.Discount }.OfType<Discount>().ToArray();
        foreach (var discount in considered)
        {
            if (discount.Kind == DiscountKind.Amount && !string.Equals(discount.Currency, subtotal.Currency, StringComparison.OrdinalIgnoreCase))
            {
                return OperationResult<DiscountQuote>.Failed(_describer.CurrencyMismatch(subtotal.Currency, discount.Currency ?? string.Empty));
            }
        }

        return OperationResult<DiscountQuote>.Success(
            DiscountCalculator.Quote(subtotal, personal, group?.Discount, group?.Id, settings.DiscountPrecedence));
    }

    private CustomerError? SubtotalError(Money subtotal)
    {
        if (subtotal.IsDefault)
        {
            return _describer.Required("Subtotal");
        }

        return _money.CurrencyError(subtotal.Currency, "Subtotal.Currency")
            ?? _money.AmountError(subtotal.Amount, subtotal.Currency, "Subtotal", mustBePositive: false, maximum: null);
    }
}
