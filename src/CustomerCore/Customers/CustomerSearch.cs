namespace CustomerCore.Customers;

/// <summary>Why a customer was found; a customer found several ways carries several flags.</summary>
[Flags]
public enum MatchReason
{
    /// <summary>No reason (not used in results).</summary>
    None = 0,
    /// <summary>Same email (case-insensitive).</summary>
    Email = 1,
    /// <summary>Same phone number after normalization to E.164.</summary>
    Phone = 2,
    /// <summary>The phone ends with the digits typed.</summary>
    PhoneLastDigits = 4,
    /// <summary>Same customer code.</summary>
    CustomerCode = 8,
    /// <summary>Same postal code (case and spaces ignored).</summary>
    PostalCode = 16,
    /// <summary>Every word typed starts a word of the customer's name (case and accents ignored).</summary>
    Name = 32,
    /// <summary>Same name and postal code (duplicate guard).</summary>
    NameAndPostalCode = 64,
    /// <summary>The main or secondary phone starts with the digits typed (type-ahead, national or international form).</summary>
    PhonePrefix = 128,
}

/// <summary>A search at the till or in the back office.</summary>
public sealed record CustomerQuery
{
    /// <summary>The largest page a search returns.</summary>
    public const int MaxTake = 100;

    /// <summary>The deepest a search pages; a till looking further than this should narrow the search instead.</summary>
    public const int MaxSkip = 10_000;

    /// <summary>Creates a query for the given text.</summary>
    public CustomerQuery(string text)
    {
        Text = text;
    }

    /// <summary>What was typed: a phone in any format, its start (3+ digits) or its last 4+ digits, an email, a code, a
    /// postal code or a name.</summary>
    public string Text { get; init; }

    /// <summary>Restricts which ways of matching are tried; <see cref="MatchReason.None"/> tries every way that fits the text.</summary>
    public MatchReason Modes { get; init; }

    /// <summary>How many results to skip (paging), 0 to <see cref="MaxSkip"/>.</summary>
    public int Skip { get; init; }

    /// <summary>How many results to return, 1 to <see cref="MaxTake"/>.</summary>
    public int Take { get; init; } = 20;
}

/// <summary>A customer found by a search, and why.</summary>
/// <param name="Customer">The customer.</param>
/// <param name="MatchedBy">Every way the customer matched.</param>
public sealed record CustomerMatch(Customer Customer, MatchReason MatchedBy);

/// <summary>One page of search results in till order: strongest match first, then most recent visit, then name, then
/// customer id (see <see cref="CustomerService.SearchAsync"/>).</summary>
/// <param name="Items">The matches on this page.</param>
/// <param name="HasMore">Whether another page follows.</param>
public sealed record CustomerSearchPage(IReadOnlyList<CustomerMatch> Items, bool HasMore);

/// <summary>Options for creating a customer.</summary>
public sealed record CreateCustomerOptions
{
    /// <summary>Create even when possible duplicates (same phone, or same name and postal code) exist.
    /// Email and customer code stay unique regardless.</summary>
    public bool AllowPossibleDuplicates { get; init; }
}

/// <summary>A customer created by <c>CreateAsync</c>.</summary>
/// <param name="Customer">The created customer.</param>
/// <param name="Duplicates">Existing customers that looked like it and were created past with
/// <see cref="CreateCustomerOptions.AllowPossibleDuplicates"/>; empty when none. When the duplicate guard stops a create,
/// the candidates are on the error instead (<see cref="DuplicateCustomersError"/>).</param>
public sealed record CustomerCreation(Customer Customer, IReadOnlyList<CustomerMatch> Duplicates);
