namespace CustomerCore.Privacy;

/// <summary>A marketing channel a customer can consent to.</summary>
public enum ConsentChannel
{
    /// <summary>Marketing email.</summary>
    Email = 0,
    /// <summary>Marketing text messages.</summary>
    Sms = 1,
}

/// <summary>Whether a customer agreed to marketing on a channel.</summary>
public enum ConsentStatus
{
    /// <summary>Never asked; treated as no consent.</summary>
    Unknown = 0,
    /// <summary>The customer opted in.</summary>
    OptedIn = 1,
    /// <summary>The customer opted out or withdrew consent.</summary>
    OptedOut = 2,
}

/// <summary>Where a consent decision was captured.</summary>
public enum ConsentSource
{
    /// <summary>At the till.</summary>
    Pos = 0,
    /// <summary>From a spreadsheet import.</summary>
    Import = 1,
    /// <summary>On the merchant's web site.</summary>
    Web = 2,
    /// <summary>Through another system calling the API.</summary>
    Api = 3,
}

/// <summary>How a merchant collects email marketing consent.</summary>
public enum ConsentPolicy
{
    /// <summary>Consent only from an explicit, recorded opt-in (GDPR). The default.</summary>
    ExplicitOptIn = 0,
    /// <summary>Entering an email subscribes the customer to email marketing unless they opted out.</summary>
    ImpliedOnEmailEntry = 1,
}

/// <summary>The current consent on one channel.</summary>
/// <param name="Status">Opted in, opted out, or never asked.</param>
/// <param name="ChangedAt">When the status was last recorded.</param>
/// <param name="Source">Where it was recorded.</param>
/// <param name="WordingVersion">The version of the consent text the customer was shown.</param>
public sealed record ConsentState(ConsentStatus Status, DateTimeOffset? ChangedAt = null, ConsentSource? Source = null, string? WordingVersion = null)
{
    /// <summary>No consent recorded.</summary>
    public static ConsentState Unknown { get; } = new(ConsentStatus.Unknown);
}

/// <summary>One entry of the append-only consent history; together they prove consent (GDPR Art. 7).</summary>
public sealed class ConsentRecord
{
    /// <summary>Identifies the entry.</summary>
    public Guid Id { get; init; }
    /// <summary>The merchant that owns the customer.</summary>
    public MerchantId MerchantId { get; init; }
    /// <summary>The customer the decision is about.</summary>
    public Guid CustomerId { get; init; }
    /// <summary>The channel.</summary>
    public ConsentChannel Channel { get; init; }
    /// <summary>The decision.</summary>
    public ConsentStatus Status { get; init; }
    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>Where it was captured.</summary>
    public ConsentSource Source { get; init; }
    /// <summary>The version of the consent text shown.</summary>
    public string? WordingVersion { get; init; }
    /// <summary>Who recorded it (the acting staff member or system).</summary>
    public string? RecordedBy { get; init; }
}

/// <summary>A consent decision supplied with a create or update.</summary>
/// <param name="Status">The customer's decision.</param>
/// <param name="WordingVersion">The version of the consent text shown to the customer.</param>
public sealed record ConsentInput(ConsentStatus Status, string? WordingVersion = null);
