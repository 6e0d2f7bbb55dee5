using CustomerCore.ChangeFeed;
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
    private readonly CustomerWriter _writer;
    private readonly ChangeRecorder _recorder;
    private readonly ICustomerCoreUnitOfWork _unitOfWork;
    private readonly PermissionGuard _guard;
    private readonly CustomerErrorDescriber _describer;
    private readonly TimeProvider _time;
    private readonly MoneyRules _money;

    internal CustomerGroupService(
        ICustomerGroupStore groups,
        ICustomerStore customers,
        CustomerWriter writer,
        ChangeRecorder recorder,
        ICustomerCoreUnitOfWork unitOfWork,
        PermissionGuard guard,
        CustomerErrorDescriber describer,
        TimeProvider time,
        MoneyRules money)
    {
        _money = money;
        _groups = groups;
        _customers = customers;
        _writer = writer;
        _recorder = recorder;
        _unitOfWork = unitOfWork;
        _guard = guard;
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
        if (await DenyWriteAsync(merchantId, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return OperationResult<CustomerGroup>.Failed(denied);
        }

        var errors = ValidateName(name);
        if (discount is not null)
        {
            errors.AddRange(DiscountValidator.Validate(discount, _money));
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
            CreatedBy = _guard.Actor,
            UpdatedBy = _guard.Actor,
            Version = 1,
        };
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await _groups.CreateAsync(group, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            _recorder.RecordGroup(ChangeKind.GroupCreated, merchantId, group.Id, group, ["Name", .. group.Discount is null ? Array.Empty<string>() : ["Discount"]]);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
            : await ChangeAsync(merchantId, groupId, expectedVersion, ChangeKind.GroupRenamed, "Name", g =>
            {
                g.Name = TextNormalizer.Clean(name)!;
                g.NormalizedName = NormalizeName(name)!;
            }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets or (with null) removes the discount every member of the group gets.</summary>
    public async Task<OperationResult<CustomerGroup>> SetDiscountAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, Discount? discount, CancellationToken cancellationToken = default)
    {
        var errors = discount is null ? [] : DiscountValidator.Validate(discount, _money);
        return errors.Count > 0
            ? OperationResult<CustomerGroup>.Failed(errors)
            : await ChangeAsync(merchantId, groupId, expectedVersion, ChangeKind.GroupDiscountChanged, "Discount", g => g.Discount = discount is null ? null : DiscountValidator.Normalize(discount), cancellationToken)
                .ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a group and ungroups its members in the same unit of work: either the group is gone and no customer
    /// points at it, or nothing changed. Returns how many customers were ungrouped.
    /// </summary>
    public async Task<OperationResult<int>> DeleteAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, CancellationToken cancellationToken = default)
    {
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
        foreach (var customerId in await _groups.ListMemberIdsAsync(merchantId, groupId, cancellationToken).ConfigureAwait(false))
        {
            OperationResult<Customer>? written = null;
            for (var attempt = 0; attempt < UngroupAttempts && written?.HasError(CustomerErrorCodes.VersionConflict) != false; attempt++)
            {
                var customer = await _customers.FindByIdAsync(merchantId, customerId, cancellationToken).ConfigureAwait(false);
                if (customer is null || customer.GroupId != groupId)
                {
                    written = null;
                    break;
                }

                var changed = customer.Clone();
                changed.GroupId = null;
                written = await _writer.UpdateAsync(customer, changed, ChangeKind.CustomerUpdated, [], null, cancellationToken).ConfigureAwait(false);
            }

            if (written is { Succeeded: false })
            {
                return OperationResult<int>.Failed(written.Errors);
            }

            ungrouped += written is null ? 0 : 1;
        }

        var deleted = await _groups.DeleteAsync(merchantId, groupId, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (deleted != StoreWriteOutcome.Success)
        {
            return OperationResult<int>.Failed(OutcomeError(deleted, group.Name));
        }

        _recorder.RecordGroup(ChangeKind.GroupDeleted, merchantId, groupId, null, ["Removed"]);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return OperationResult<int>.Success(ungrouped);
    }

    /// <summary>Reads one group.</summary>
    public async Task<OperationResult<CustomerGroup>> GetAsync(MerchantId merchantId, Guid groupId, CancellationToken cancellationToken = default)
    {
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
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
        if (await _guard.DenyAsync(merchantId, CustomerPermissions.Read, cancellationToken).ConfigureAwait(false) is { } denied)
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

        var changed = customer.Clone();
        changed.GroupId = groupId;
        return await _writer.UpdateAsync(customer, changed, ChangeKind.CustomerUpdated, [], null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<OperationResult<CustomerGroup>> ChangeAsync(
        MerchantId merchantId, Guid groupId, long expectedVersion, ChangeKind kind, string field, Action<CustomerGroup> change, CancellationToken cancellationToken)
    {
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
        group.UpdatedBy = _guard.Actor;
        await using var transaction = await _unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        var outcome = await _groups.UpdateAsync(group, expectedVersion, cancellationToken).ConfigureAwait(false);
        if (outcome == StoreWriteOutcome.Success)
        {
            _recorder.RecordGroup(kind, merchantId, group.Id, group, [field]);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return outcome == StoreWriteOutcome.Success
            ? OperationResult<CustomerGroup>.Success(group)
            : OperationResult<CustomerGroup>.Failed(OutcomeError(outcome, group.Name));
    }

    private List<CustomerError> ValidateName(string? name)
    {
        var errors = new List<CustomerError>();
        var clean = TextNormalizer.Clean(name);
        if (TextHygiene.Check(name, "Name", TextLayout.SingleLine, _describer) is { } controlCharacter)
        {
            errors.Add(controlCharacter);
        }
        else if (clean is null)
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

    private ValueTask<CustomerError?> DenyWriteAsync(MerchantId merchantId, CancellationToken cancellationToken) =>
        _guard.DenyAsync(merchantId, CustomerPermissions.Write, cancellationToken);

    private CustomerError OutcomeError(StoreWriteOutcome outcome, string? name) => outcome switch
    {
        StoreWriteOutcome.DuplicateName => _describer.DuplicateGroupName(name ?? string.Empty),
        StoreWriteOutcome.VersionConflict => _describer.VersionConflict(),
        StoreWriteOutcome.NotFound => _describer.NotFound(name is null ? NotFoundSubject.Customer : NotFoundSubject.CustomerGroup),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome}."),
    };
}
