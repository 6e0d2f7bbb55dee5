using CustomerCore.Discounts;

namespace CustomerCore.Groups;

/// <summary>A named set of customers of one merchant (for example "Staff" or "Wholesale"), optionally with a discount.</summary>
public sealed class CustomerGroup
{
    /// <summary>Identifies the group (a time-ordered version 7 GUID).</summary>
    public Guid Id { get; set; }
    /// <summary>The merchant that owns the group.</summary>
    public MerchantId MerchantId { get; set; }
    /// <summary>The name as entered (trimmed).</summary>
    public string Name { get; set; } = string.Empty;
    /// <summary>The upper-cased name; unique per merchant.</summary>
    public string NormalizedName { get; set; } = string.Empty;
    /// <summary>The discount every member gets, if any (see <see cref="DiscountService"/> for how it meets a personal one).</summary>
    public Discount? Discount { get; set; }
    /// <summary>When the group was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When the group last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Who created the group.</summary>
    public string? CreatedBy { get; set; }
    /// <summary>Who last changed the group.</summary>
    public string? UpdatedBy { get; set; }
    /// <summary>Increases by one on every change; an update names the version it read.</summary>
    public long Version { get; set; }

    /// <summary>A copy, so a store never shares mutable state with its callers.</summary>
    public CustomerGroup Clone() => (CustomerGroup)MemberwiseClone();
}

/// <summary>A group and how many customers are in it.</summary>
/// <param name="Group">The group.</param>
/// <param name="MemberCount">The number of customers assigned to it.</param>
public sealed record CustomerGroupSummary(CustomerGroup Group, int MemberCount);
