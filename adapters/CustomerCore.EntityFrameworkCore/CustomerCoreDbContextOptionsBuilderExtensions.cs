using CustomerCore.EntityFrameworkCore;

// In EF Core's namespace, beside UseSqlite, so the call is found where the options are built.
namespace Microsoft.EntityFrameworkCore;

/// <summary>Options of a DbContext holding CustomerCore's model.</summary>
public static class CustomerCoreDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// On SQLite, has the context's schema SQL (<c>EnsureCreated</c>, migrations applied through it) create CustomerCore's
    /// name rows and import batch entries as <c>WITHOUT ROWID</c> tables, whose rows live in their primary key: one
    /// B-tree to write per row instead of two (docs/integration.md, "SQLite table layout"). Call it after
    /// <c>UseSqlite</c>; on any other provider it changes nothing. <c>AddEntityFrameworkStores</c> calls it for the
    /// context it registers; call it yourself for a context built outside dependency injection (a design-time factory,
    /// a test). Without it the tables are ordinary ones, which CustomerCore reads and writes the same way.
    /// </summary>
    /// <param name="options">The context's options, with the provider already chosen.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static DbContextOptionsBuilder UseCustomerCoreSqliteTables(this DbContextOptionsBuilder options)
    {
        SqliteWithoutRowIdTables.UseWhenSqlite(options);
        return options;
    }

    /// <inheritdoc cref="UseCustomerCoreSqliteTables(DbContextOptionsBuilder)"/>
    /// <typeparam name="TContext">The context the options are for.</typeparam>
    public static DbContextOptionsBuilder<TContext> UseCustomerCoreSqliteTables<TContext>(this DbContextOptionsBuilder<TContext> options)
        where TContext : DbContext
    {
        SqliteWithoutRowIdTables.UseWhenSqlite(options);
        return options;
    }
}
