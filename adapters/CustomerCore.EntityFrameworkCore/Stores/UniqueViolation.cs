using System.Data.Common;
using CustomerCore.Customers;
using CustomerCore.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Recognises a unique-index violation on the email or customer code index from the database's own error, without
/// referencing any provider package: SQLite names the columns ("UNIQUE constraint failed: Customers.MerchantId,
/// Customers.NormalizedEmail"), PostgreSQL and SQL Server name the index. Both names come from the model, so a
/// schema, a table prefix or a naming convention changes nothing here.
/// </summary>
internal static class UniqueViolation
{
    /// <summary>Whether the database refused the save because a unique index already holds the key.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is DbException databaseError && IsUniqueViolation(databaseError);

    /// <summary>Whether the database refused a statement because a unique index already holds the key.</summary>
    public static bool IsUniqueViolation(DbException databaseError) =>
        databaseError.SqlState == "23505"
        || databaseError.Message.Contains("UNIQUE constraint failed", StringComparison.OrdinalIgnoreCase)
        || databaseError.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase);

    public static StoreWriteOutcome? Classify(DbUpdateException exception, IModel model) =>
        exception.InnerException is DbException databaseError ? Classify(databaseError, model) : null;

    public static StoreWriteOutcome? Classify(DbException databaseError, IModel model)
    {
        if (!IsUniqueViolation(databaseError))
        {
            return null;
        }

        var message = databaseError.Message;

        var customer = model.FindEntityType(typeof(Customer))!;
        if (Names(customer, nameof(Customer.NormalizedEmail)).Any(name => Mentions(message, name)))
        {
            return StoreWriteOutcome.DuplicateEmail;
        }

        if (Names(customer, nameof(Customer.NormalizedCustomerCode)).Any(name => Mentions(message, name)))
        {
            return StoreWriteOutcome.DuplicateCustomerCode;
        }

        return null;
    }

    private static IEnumerable<string> Names(IEntityType customer, string propertyName)
    {
        var property = customer.FindProperty(propertyName)!;
        var table = StoreObjectIdentifier.Table(customer.GetTableName()!, customer.GetSchema());
        if (property.GetColumnName(table) is { } column)
        {
            yield return column;
        }

        foreach (var index in customer.GetIndexes().Where(i => i.IsUnique && i.Properties.Contains(property)))
        {
            if (index.GetDatabaseName(table) is { } name)
            {
                yield return name;
            }
        }
    }

    private static bool Mentions(string message, string name)
    {
        var at = message.IndexOf(name, StringComparison.Ordinal);
        while (at >= 0)
        {
            // Whole identifiers only, so a column "Email" would not match inside "NormalizedEmail".
            var before = at == 0 ? ' ' : message[at - 1];
            var afterIndex = at + name.Length;
            var after = afterIndex == message.Length ? ' ' : message[afterIndex];
            if (!IsIdentifierChar(before) && !IsIdentifierChar(after))
            {
                return true;
            }

            at = message.IndexOf(name, at + 1, StringComparison.Ordinal);
        }

        return false;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
