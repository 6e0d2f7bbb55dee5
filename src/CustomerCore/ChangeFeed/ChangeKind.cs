namespace CustomerCore.ChangeFeed;

/// <summary>What a committed change did. Shared by the change feed and the audit trail.</summary>
public enum ChangeKind
{
    /// <summary>A customer was created (back office, till, find-or-create).</summary>
    CustomerCreated = 1,
    /// <summary>A customer's fields changed (including group assignment).</summary>
    CustomerUpdated = 2,
    /// <summary>A customer took part in a merge: the one kept (with a snapshot) or the one removed (without).</summary>
    CustomerMerged = 4,
    /// <summary>A merge was undone: both customers are back as they were.</summary>
    CustomerUnmerged = 5,
    /// <summary>A customer's personal data was erased.</summary>
    CustomerErased = 6,
    /// <summary>An import created or updated the customer.</summary>
    CustomerImported = 7,
    /// <summary>Undoing an import restored or removed the customer.</summary>
    ImportUndone = 8,
    /// <summary>A customer's personal discount was set or removed.</summary>
    PersonalDiscountChanged = 9,
    /// <summary>A customer's marketing consent changed.</summary>
    ConsentChanged = 10,
    /// <summary>A credit line was opened, changed, or its balance moved.</summary>
    CreditLineChanged = 11,
    /// <summary>A store credit balance (or the amount held on it) moved.</summary>
    StoreCreditChanged = 12,
    /// <summary>A loyalty points balance moved.</summary>
    PointsChanged = 13,
    /// <summary>A customer group was created.</summary>
    GroupCreated = 14,
    /// <summary>A customer group was renamed.</summary>
    GroupRenamed = 15,
    /// <summary>A customer group's discount was set or removed.</summary>
    GroupDiscountChanged = 16,
    /// <summary>A customer group was deleted (its members were ungrouped).</summary>
    GroupDeleted = 17,
    /// <summary>A sales ticket was linked to the customer (before, during or after the sale).</summary>
    TicketAttached = 18,
    /// <summary>A sales ticket was unlinked from the customer (detached, or moved to another customer).</summary>
    TicketDetached = 19,
}
