using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Console.Migrations.PostgreSql
{
    /// <summary>No schema change: writes the name visit keys (one-word name search in till order) of customers written before the adapter wrote them.</summary>
    [DbContext(typeof(CustomerCore.Sample.Console.CliPostgreSqlDbContext))]
    [Migration("20261204210000_NameVisitKeys")]
    internal partial class NameVisitKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddCustomerNameVisitKeys();

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropCustomerNameVisitKeys();
    }
}
