namespace CustomerCore.Stores;

/// <summary>What a store write did. Stores report; services turn outcomes into <see cref="OperationResult"/> errors.</summary>
public enum StoreWriteOutcome
{
    /// <summary>Written.</summary>
    Success = 0,
    /// <summary>Another row of the merchant has the same normalized email.</summary>
    DuplicateEmail = 1,
    /// <summary>Another row of the merchant has the same normalized customer code.</summary>
    DuplicateCustomerCode = 2,
    /// <summary>The stored version differs from the expected one.</summary>
    VersionConflict = 3,
    /// <summary>No such row for the merchant.</summary>
    NotFound = 4,
    /// <summary>Another row of the merchant has the same unique key (for example a ticket reference).</summary>
    DuplicateKey = 6,
    /// <summary>Another row with the same normalized name exists in the same scope (a group of the merchant, a credit line of the customer).</summary>
    DuplicateName = 5,
}
