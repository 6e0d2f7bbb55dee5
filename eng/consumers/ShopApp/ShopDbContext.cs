using CustomerCore.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ShopApp;

/// <summary>The shop's own database: its sales, with CustomerCore's tables beside them.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Sale> Sales => Set<Sale>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Sale>(sale =>
        {
            sale.ToTable("Sales");
            sale.HasKey(s => s.Id);
            sale.HasIndex(s => s.TicketReference).IsUnique();
            sale.Property(s => s.TicketReference).HasMaxLength(128);
            sale.Property(s => s.Currency).HasMaxLength(3);
        });

        modelBuilder.AddCustomerCore(o => o.TablePrefix = "cc_");
    }
}

/// <summary>A sale as the shop's till records it; CustomerCore links customers to it by ticket reference.</summary>
public sealed class Sale
{
    public Guid Id { get; set; }
    public required string TicketReference { get; set; }
    public decimal Total { get; set; }
    public required string Currency { get; set; }
    public int LineCount { get; set; }
}
