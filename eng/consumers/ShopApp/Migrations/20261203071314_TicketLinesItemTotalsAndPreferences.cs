using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <inheritdoc />
    public partial class TicketLinesItemTotalsAndPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Edited by hand, as docs/integration.md asks: existing customers get an empty JSON list, not an empty string.
            migrationBuilder.AddColumn<string>(
                name: "Preferences",
                table: "cc_Customers",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.CreateTable(
                name: "cc_CustomerItemTotals",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TimesBought = table.Column<int>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Spent = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    LastBought = table.Column<long>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_CustomerItemTotals", x => new { x.MerchantId, x.CustomerId, x.Sku, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "cc_TicketLines",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Quantity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    LineTotal = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    ReturnedQuantity = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    KeptByCustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SoldAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cc_TicketLines", x => new { x.MerchantId, x.TicketId, x.LineNumber });
                    table.ForeignKey(
                        name: "FK_cc_TicketLines_cc_TicketLinks_MerchantId_TicketId",
                        columns: x => new { x.MerchantId, x.TicketId },
                        principalTable: "cc_TicketLinks",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLines_MerchantId_KeptByCustomerId_Sku_Currency_SoldAt",
                table: "cc_TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "Sku", "Currency", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_cc_TicketLines_MerchantId_KeptByCustomerId_SoldAt",
                table: "cc_TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "SoldAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cc_CustomerItemTotals");

            migrationBuilder.DropTable(
                name: "cc_TicketLines");

            migrationBuilder.DropColumn(
                name: "Preferences",
                table: "cc_Customers");
        }
    }
}
