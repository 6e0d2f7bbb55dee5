using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>
/// CustomerCore's tables can be distributed by merchant (PostgreSQL with Citus) only if the merchant column is part of
/// every primary key, unique constraint and foreign key between them; leading with it also keeps every merchant's rows
/// together in each index. The model is checked without a database, both as CustomerCore's own context builds it and
/// as a vendor's context with a schema and a table prefix does, on both providers.
/// </summary>
public sealed class ModelDistributionTests
{
    private const string MerchantProperty = nameof(CustomerNameToken.MerchantId);

    // Entity types left out of the key rule, by class name, each with the reason it cannot follow yet. Empty: every
    // CustomerCore table leads with the merchant.
    private static readonly HashSet<string> AllowedOffenders = new(StringComparer.Ordinal);

    // Building a model opens no connection, so neither needs to exist.
    private const string NoDatabase = "Data Source=:memory:";
    private const string NoServer = "Host=model-only.invalid";

    public static TheoryData<string> Models => new(ModelFactories.Keys);

    private static readonly Dictionary<string, Func<IModel>> ModelFactories = new(StringComparer.Ordinal)
    {
        ["CustomerCoreDbContext on SQLite"] = () => ModelOf(CustomerCoreContext(o => o.UseSqlite(NoDatabase))),
        ["CustomerCoreDbContext on PostgreSQL"] = () => ModelOf(CustomerCoreContext(o => o.UseNpgsql(NoServer))),
        ["vendor context on SQLite"] = () => ModelOf(ShopContext(o => o.UseSqlite(NoDatabase))),
        ["vendor context on PostgreSQL"] = () => ModelOf(ShopContext(o => o.UseNpgsql(NoServer))),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryKeyAndUniqueIndex_LeadsWithTheMerchant(string modelName)
    {
        var offenders = new List<string>();
        foreach (var entity in CustomerCoreEntities(ModelFactories[modelName]()))
        {
            var table = entity.GetSchemaQualifiedTableName()!;
            if (AllowedOffenders.Contains(entity.ClrType.Name))
            {
                continue;
            }

            // GetKeys covers the primary key and any alternate key (a unique constraint).
            foreach (var key in entity.GetKeys().Where(k => !LeadsWithMerchant(k.Properties)))
            {
                offenders.Add($"{table}: {(key.IsPrimaryKey() ? "primary key" : "alternate key")} {key.GetName()} ({Columns(key.Properties)})");
            }

            foreach (var index in entity.GetIndexes().Where(i => i.IsUnique && !LeadsWithMerchant(i.Properties)))
            {
                offenders.Add($"{table}: unique index {index.GetDatabaseName()} ({Columns(index.Properties)})");
            }
        }

        Assert.True(offenders.Count == 0, "Keys and unique indexes that do not lead with the merchant column:\n" + string.Join("\n", offenders));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EveryForeignKeyBetweenCustomerCoreTables_PairsTheMerchantColumns(string modelName)
    {
        // Citus joins and checks a foreign key on one node only when both sides hold the distribution column in the
        // same place; a key through the id alone could point at another merchant's row.
        var offenders = new List<string>();
        foreach (var entity in CustomerCoreEntities(ModelFactories[modelName]()))
        {
            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (!LeadsWithMerchant(foreignKey.Properties) || !LeadsWithMerchant(foreignKey.PrincipalKey.Properties))
                {
                    offenders.Add(
                        $"{entity.GetSchemaQualifiedTableName()}: foreign key {foreignKey.GetConstraintName()} " +
                        $"({Columns(foreignKey.Properties)}) -> {foreignKey.PrincipalEntityType.GetSchemaQualifiedTableName()} ({Columns(foreignKey.PrincipalKey.Properties)})");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Foreign keys that do not pair the merchant columns:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void TheVendorContext_HoldsEveryCustomerCoreTable_AndOnlyTheVendorsOwnBesides()
    {
        // Guards the two tests above: they must see all of CustomerCore's tables and must not judge the vendor's.
        var own = CustomerCoreEntities(ModelFactories["CustomerCoreDbContext on SQLite"]()).Select(e => e.ClrType).ToHashSet();
        var vendorModel = ModelFactories["vendor context on PostgreSQL"]();
        var vendors = CustomerCoreEntities(vendorModel).Select(e => e.ClrType).ToHashSet();

        Assert.True(own.SetEquals(vendors));
        Assert.Equal(own.Count, vendorModel.GetEntityTypes().Count(e => e.ClrType != typeof(Order)));
        Assert.DoesNotContain(typeof(Order), vendors);
        Assert.Contains(typeof(CustomerNameToken), own);
        Assert.All(
            vendorModel.GetEntityTypes().Where(e => vendors.Contains(e.ClrType)),
            e => Assert.StartsWith(ShopDbContext.CustomerTablePrefix, e.GetTableName(), StringComparison.Ordinal));
    }

    /// <summary>The entity types CustomerCore adds: those of its core and adapter assemblies, never the vendor's.</summary>
    private static IEnumerable<IEntityType> CustomerCoreEntities(IModel model)
    {
        var assemblies = new[] { typeof(MerchantId).Assembly, typeof(CustomerCoreDbContext).Assembly };
        return model.GetEntityTypes().Where(e => assemblies.Contains(e.ClrType.Assembly)).OrderBy(e => e.GetTableName(), StringComparer.Ordinal);
    }

    private static bool LeadsWithMerchant(IReadOnlyList<IProperty> properties) =>
        properties.Count > 0 && properties[0].Name == MerchantProperty;

    private static string Columns(IReadOnlyList<IProperty> properties) => string.Join(", ", properties.Select(p => p.GetColumnName()));

    private static IModel ModelOf(DbContext context)
    {
        using (context)
        {
            return context.Model;
        }
    }

    private static CustomerCoreDbContext CustomerCoreContext(Action<DbContextOptionsBuilder<CustomerCoreDbContext>> provider)
    {
        var options = new DbContextOptionsBuilder<CustomerCoreDbContext>();
        provider(options);
        return new CustomerCoreDbContext(options.Options);
    }

    private static ShopDbContext ShopContext(Action<DbContextOptionsBuilder<ShopDbContext>> provider)
    {
        var options = new DbContextOptionsBuilder<ShopDbContext>();
        provider(options);
        return new ShopDbContext(options.Options);
    }
}
