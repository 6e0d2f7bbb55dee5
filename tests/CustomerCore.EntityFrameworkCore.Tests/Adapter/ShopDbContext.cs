using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Adapter;

/// <summary>A vendor's own DbContext: its own entity and CustomerCore's tables in their own schema, with a prefix.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public const string ShopSchema = "shop";
    public const string CustomerSchema = "customers";
    public const string CustomerTablePrefix = "cc_";

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("Orders", ShopSchema);
            order.HasKey(o => o.Id);
            order.Property(o => o.Reference).HasMaxLength(32);
            order.HasIndex(o => o.CustomerId);
        });

        modelBuilder.AddCustomerCore(o =>
        {
            o.Schema = CustomerSchema;
            o.TablePrefix = CustomerTablePrefix;
        });
    }
}

public sealed class Order
{
    public Guid Id { get; set; }

    public Guid CustomerId { get; set; }

    public string Reference { get; set; } = string.Empty;

    public decimal Total { get; set; }
}
