using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Privacy;
using CustomerCore.Security;
using CustomerCore.Stores;

namespace CustomerCore.Groups;

/// <summary>
/// Creates, renames and deletes customer groups, sets a group's discount, and puts customers in and out of groups.
/// A customer is in at most one group (<see cref="Customer.GroupId"/>). Changes need <see cref="CustomerPermissions.Write"/>.
/// </summary>
public sealed class CustomerGroupService
{
    /// <summary>The longest group name accepted.</summary>
    public const int NameMaxLength = 100;

    // A member edited by someone else while its group is deleted is re-read and retried this many times.
    private const int UngroupAttempts = 3;

    private readonly ICustomerGroupStore _groups;
    private readonly ICustomerStore _customers;
    private readonly ICustomerCoreUnitOfWork _unitOfWork;
    private readonly ICustomerCoreAccessContext _access;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;

    /// <summary>Creates the service; normally resolved from dependency injection.</summary>
    public CustomerGroupService(
        ICustomerGroupStore groups,
        ICustomerStore customers,
        ICustomerCoreUnitOfWork unitOfWork,
        ICustomerCoreAccessContext access,
        CustomerErrorDescriber describer,
        TimeProvider time)
    {
        _groups = groups;
        _customers = customers;
        _unitOfWork = unitOfWork;
        _access = access;
        _describer = describer;
        _time = time;
    }

    /// <summary>The uniqueness key of a group name: trimmed and upper-cased; null when blank.</summary>
    public static string? NormalizeName(string? name) => TextNormalizer.Clean(name)?.ToUpperInvariant();

    /// <summary>
    /// Creates a group. Fails with <see cref="CustomerErrorCodes.DuplicateGroupName"/> when the merchant already has a
    /// group of that name, whatever its case.
    /// </summary>
    public async Task<OperationResult<CustomerGroup>> CreateAsync(
        MerchantId merchantId, string name, Discount? discount = null, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerGroup>.Failed(denied);
        }

        var errors = ValidateName(name);
        if (discount is not null)
        {
            errors.AddRange(DiscountValidator.Validate(discount, _describer));
        }

        if (errors.Count > 0)
        {
            return OperationResult<CustomerGroup>.Failed(errors);
        }

        var now = _time.GetUtcNow();
        var group = new CustomerGroup
        {
            Id = Guid.CreateVersion7(now),
            MerchantId = merchantId,
            Name = TextNormalizer.Clean(name)!,
            NormalizedName = NormalizeName(name)!,
            Discount = discount is null ? null : DiscountValidator.Normalize(discount),
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = _access.ActorId,
            UpdatedBy = _access.ActorId,
            Version = 1,
        };
        var outcome = await _groups.CreateAsync(group, cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<CustomerGroup>.Success(group)
            : OperationResult<CustomerGroup>.Failed(OutcomeError(outcome, group.Name));
    }

    /// <summary>Renames a group; <paramref name="expectedVersion"/> is the <see cref="CustomerGroup.Version"/> the caller read.</summary>
    public async Task<OperationResult<CustomerGroup>> RenameAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, string name, CancellationToken cancellationToken = default)
    {
        var errors = ValidateName(name);
        return errors.Count > 0
            ? OperationResult<CustomerGroup>.Failed(errors)
            : await ChangeAsync(merchantId, groupId, expectedVersion, g =>
            {
                g.Name = TextNormalizer.Clean(name)!;
                g.NormalizedName = NormalizeName(name)!;
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets or (with null) removes the discount every member of the group gets.</summary>
    public async Task<OperationResult<CustomerGroup>> SetDiscountAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, Discount? discount, CancellationToken cancellationToken = default)
    {
        var errors = discount is null ? [] : DiscountValidator.Validate(discount, _describer);
        return errors.Count > 0
            ? OperationResult<CustomerGroup>.Failed(errors)
            : await ChangeAsync(merchantId, groupId, expectedVersion, g => g.Discount = discount is null ? null : DiscountValidator.Normalize(discount), cancellationToken)
                .ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a group and ungroups its members in the same unit of work: either the group is gone and no customer
    /// points at it, or nothing changed. Returns how many customers were ungrouped.
    /// </summary>
    public async Task<OperationResult<int>> DeleteAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<int>.Failed(denied);
        }

        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var group = await _groups.FindByIdAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return OperationResult<int>.Failed(_describer.NotFound(NotFoundSubject.CustomerGroup));
        }

        if (group.Version != expectedVersion)
        {
            return OperationResult<int>.Failed(_describer.VersionConflict());
        }

        var ungrouped = 0;
        var now = _time.GetUtcNow();
        foreach (var customerId in await _groups.ListMemberIdsAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false))
        {
            var outcome = StoreWriteOutcome.VersionConflict;
            for (var attempt = 0; attempt < UngroupAttempts && outcome == StoreWriteOutcome.VersionConflict; attempt++)
            {
                var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
                if (customer is null || customer.GroupId != groupId)
                {
                    outcome = StoreWriteOutcome.NotFound;
                    break;
                }

                outcome = await _customers.UpdateAsync(Stamp(customer, c => c.GroupId = null, now), customer.Version, cancellationToken).ConfigureAwait(false);
            }

            if (outcome == StoreWriteOutcome.VersionConflict)
            {
                return OperationResult<int>.Failed(_describer.VersionConflict());
            }

            ungrouped += outcome == StoreWriteOutcome.Success ? 1 : 0;
        }

        var deleted = await _groups.DeleteAsync(merchantId, groupId, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (deleted != StoreWriteOutcome.Success)
        {
            return OperationResult<int>.Failed(OutcomeError(deleted, group.Name));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<int>.Success(ungrouped);
    }

    /// <summary>Reads one group.</summary>
    public async Task<OperationResult<CustomerGroup>> GetAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerGroup>.Failed(denied);
        }

        var group = await _groups.FindByIdAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false);
        return group is null
            ? OperationResult<CustomerGroup>.Failed(_describer.NotFound(NotFoundSubject.CustomerGroup))
            : OperationResult<CustomerGroup>.Success(group);
    }

    /// <summary>Every group of the merchant with its member count, ordered by name (case ignored).</summary>
    public async Task<OperationResult<IReadOnlyList<CustomerGroupSummary>>> ListAsync(MerchantId merchantId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<IReadOnlyList<CustomerGroupSummary>>.Failed(denied);
        }

        var groups = await _groups.ListAsync(merchantId, cancellationToken).ConfigureAwait(false);
        var counts = await _groups.CountMembersAsync(merchantId, cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<CustomerGroupSummary>>.Success(
            groups.Select(g => new CustomerGroupSummary(g, counts.GetValueOrDefault(g.Id))).ToList());
    }

    /// <summary>
    /// Puts a customer in a group, replacing any group they were in. <paramref name="expectedCustomerVersion"/> is the
    /// <see cref="Customer.Version"/> the caller read. Assigning the group the customer is already in changes nothing.
    /// </summary>
    public async Task<OperationResult<Customer>> AssignCustomerAsync(
        MerchantId merchantId, Guid customerId, long expectedCustomerVersion, Guid groupId, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        // The group check and the customer write share a unit of work so a concurrent delete cannot slip between them.
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        if (await _groups.FindByIdAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false) is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound(NotFoundSubject.CustomerGroup));
        }

        var result = await SetGroupAsync(merchantId, customerId, expectedCustomerVersion, groupId, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Takes a customer out of their group; a customer in no group is returned unchanged.</summary>
    public async Task<OperationResult<Customer>> UnassignCustomerAsync(
        MerchantId merchantId, Guid customerId, long expectedCustomerVersion, CancellationToken cancellationToken = default)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<Customer>.Failed(denied);
        }

        return await SetGroupAsync(merchantId, customerId, expectedCustomerVersion, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OperationResult<Customer>> SetGroupAsync(
        MerchantId merchantId, Guid customerId, long expectedVersion, Guid? groupId, CancellationToken cancellationToken)
    {
        var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
        if (customer is null)
        {
            return OperationResult<Customer>.Failed(_describer.NotFound());
        }

        if (customer.Version != expectedVersion)
        {
            return OperationResult<Customer>.Failed(_describer.VersionConflict());
        }

        if (customer.GroupId == groupId)
        {
            return OperationResult<Customer>.Success(customer);
        }

        var changed = Stamp(customer, c => c.GroupId = groupId, _time.GetUtcNow());
        var outcome = await _customers.UpdateAsync(changed, expectedVersion, cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<Customer>.Success(changed)
            : OperationResult<Customer>.Failed(OutcomeError(outcome, null));
    }

    private async Task<OperationResult<CustomerGroup>> ChangeAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, Action<CustomerGroup> change, CancellationToken cancellationToken)
    {
        merchantId.ThrowIfEmpty();
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerGroup>.Failed(denied);
        }

        var group = await _groups.FindByIdAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return OperationResult<CustomerGroup>.Failed(_describer.NotFound(NotFoundSubject.CustomerGroup));
        }

        if (group.Version != expectedVersion)
        {
            return OperationResult<CustomerGroup>.Failed(_describer.VersionConflict());
        }

        change(group);
        group.Version = expectedVersion + 1;
        group.UpdatedAt = _time.GetUtcNow();
        group.UpdatedBy = _access.ActorId;
        var outcome = await _groups.UpdateAsync(group, expectedVersion, cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<CustomerGroup>.Success(group)
            : OperationResult<CustomerGroup>.Failed(OutcomeError(outcome, group.Name));
    }

    private Customer Stamp(Customer customer, Action<Customer> change, DateTimeOffset now)
    {
        var copy = customer.Clone();
        change(copy);
        copy.Version = customer.Version + 1;
        copy.UpdatedAt = now;
        copy.UpdatedBy = _access.ActorId;
        return copy;
    }

    private List<CustomerError> ValidateName(string? name)
    {
        var errors = new List<CustomerError>();
        var clean = TextNormalizer.Clean(name);
        if (clean is null)
        {
            errors.Add(_describer.Required("Name"));
        }
        else if (clean.Length > NameMaxLength)
        {
            errors.Add(_describer.TooLong("Name", NameMaxLength));
        }
        else if (PaymentCardDetector.ContainsCardNumber(clean))
        {
            errors.Add(_describer.CardNumberDetected("Name"));
        }

        return errors;
    }

    private Task<CustomerError?> DenyWriteAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken);

    private async Task<CustomerError?> DenyAsync(MerchantId merchantId, string permission, CancellationToken cancellationToken) =>
        await _access.HasPermissionAsync(merchantId, permission, cancellationToken).ConfigureAwait(false) ? null : _describer.Forbidden(permission);

    private CustomerError OutcomeError(StoreWriteOutcome outcome, string? name) => outcome switch
    {
        StoreWriteOutcome.DuplicateName => _describer.DuplicateGroupName(name ?? string.Empty),
        StoreWriteOutcome.VersionConflict => _describer.VersionConflict(),
        StoreWriteOutcome.NotFound => _describer.NotFound(name is null ? NotFoundSubject.Customer : NotFoundSubject.CustomerGroup),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
    };
}
