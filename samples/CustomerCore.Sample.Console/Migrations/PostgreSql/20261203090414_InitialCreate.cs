using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Console.Migrations.PostgreSql
{
    /// <inheritdoc />
    internal partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Fields = table.Column<string>(type: "text", nullable: false),
                    ImportBatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    MergeId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "ChangeFeedCounters",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LastSequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFeedCounters", x => x.MerchantId);
                });

            migrationBuilder.CreateTable(
                name: "ChangeFeedEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CustomerSnapshot = table.Column<string>(type: "text", nullable: true),
                    GroupSnapshot = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChangeFeedEntries", x => new { x.MerchantId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "CustomerConsentRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    WordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerConsentRecords", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "CustomerGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    DiscountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    DiscountKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DiscountValue = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerGroups", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "CustomerItemTotals",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TimesBought = table.Column<int>(type: "integer", nullable: false),
                    Quantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Spent = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    LastBought = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerItemTotals", x => new { x.MerchantId, x.CustomerId, x.Sku, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "CustomerMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    KeptId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemovedId = table.Column<Guid>(type: "uuid", nullable: false),
                    KeptBeforeJson = table.Column<string>(type: "text", nullable: false),
                    RemovedBeforeJson = table.Column<string>(type: "text", nullable: false),
                    KeptVersionAfter = table.Column<long>(type: "bigint", nullable: false),
                    MovedTicketsJson = table.Column<string>(type: "text", nullable: false),
                    LedgerTransfersJson = table.Column<string>(type: "text", nullable: false),
                    MergedAtTicks = table.Column<long>(type: "bigint", nullable: false),
                    MergedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerMerges", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FirstName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DisplayName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CompanyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    PhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PhoneDigitsReversed = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    SecondaryPhone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    SecondaryPhoneE164 = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    AddressLine1 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AddressLine2 = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    HouseNumber = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    City = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Region = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PostalCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    NormalizedPostalCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Country = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CustomerCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    NormalizedCustomerCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Birthday = table.Column<DateOnly>(type: "date", nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: true),
                    Tags = table.Column<List<string>>(type: "text[]", nullable: false),
                    Preferences = table.Column<string>(type: "text", nullable: false),
                    NameTokens = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    EmailConsentChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EmailConsentSource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EmailConsentStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EmailConsentWordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PersonalDiscountCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    PersonalDiscountKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    PersonalDiscountValue = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    SmsConsentChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SmsConsentSource = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SmsConsentStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SmsConsentWordingVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "ImportBatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AppliedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceName = table.Column<string>(type: "text", nullable: true),
                    CreatedCount = table.Column<int>(type: "integer", nullable: false),
                    UpdatedCount = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UndoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UndoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatches", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "LedgerAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Limit = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    PaymentTermDays = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    Balance = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Held = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerAccounts", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "TicketLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TicketReference = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    LocationId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    AttachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Total = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    RefundedAmount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PointsCustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    PointsAwarded = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    SortKey = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketLinks", x => new { x.MerchantId, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "CustomerNameTokens",
                columns: table => new
                {
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Token = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerNameTokens", x => new { x.MerchantId, x.CustomerId, x.Token });
                    table.ForeignKey(
                        name: "FK_CustomerNameTokens_Customers_MerchantId_CustomerId",
                        columns: x => new { x.MerchantId, x.CustomerId },
                        principalTable: "Customers",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatchEntries",
                columns: table => new
                {
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Change = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    VersionAfter = table.Column<long>(type: "bigint", nullable: false),
                    BeforeImage = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatchEntries", x => new { x.MerchantId, x.BatchId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_ImportBatchEntries_ImportBatches_MerchantId_BatchId",
                        columns: x => new { x.MerchantId, x.BatchId },
                        principalTable: "ImportBatches",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LedgerEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    HeldChange = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    BalanceAfter = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    HeldAfter = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    HoldId = table.Column<Guid>(type: "uuid", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    RequestHash = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OverrideReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PostedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LedgerEntries", x => new { x.MerchantId, x.Id });
                    table.ForeignKey(
                        name: "FK_LedgerEntries_LedgerAccounts_MerchantId_AccountId",
                        columns: x => new { x.MerchantId, x.AccountId },
                        principalTable: "LedgerAccounts",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TicketLines",
                columns: table => new
                {
                    MerchantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TicketId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    LineTotal = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    ReturnedQuantity = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    KeptByCustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    SoldAt = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketLines", x => new { x.MerchantId, x.TicketId, x.LineNumber });
                    table.ForeignKey(
                        name: "FK_TicketLines_TicketLinks_MerchantId_TicketId",
                        columns: x => new { x.MerchantId, x.TicketId },
                        principalTable: "TicketLinks",
                        principalColumns: new[] { "MerchantId", "Id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_MerchantId_EntityId_Sequence",
                table: "AuditEntries",
                columns: new[] { "MerchantId", "EntityId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeFeedEntries_MerchantId_EntityId",
                table: "ChangeFeedEntries",
                columns: new[] { "MerchantId", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerConsentRecords_MerchantId_CustomerId",
                table: "CustomerConsentRecords",
                columns: new[] { "MerchantId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerGroups_MerchantId_NormalizedName",
                table: "CustomerGroups",
                columns: new[] { "MerchantId", "NormalizedName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_MerchantId_RemovedId",
                table: "CustomerMerges",
                columns: new[] { "MerchantId", "RemovedId" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerNameTokens_MerchantId_Token_CustomerId",
                table: "CustomerNameTokens",
                columns: new[] { "MerchantId", "Token", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_GroupId_Id",
                table: "Customers",
                columns: new[] { "MerchantId", "GroupId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_NormalizedCustomerCode",
                table: "Customers",
                columns: new[] { "MerchantId", "NormalizedCustomerCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_NormalizedEmail",
                table: "Customers",
                columns: new[] { "MerchantId", "NormalizedEmail" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_NormalizedPostalCode_Id",
                table: "Customers",
                columns: new[] { "MerchantId", "NormalizedPostalCode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_PhoneDigitsReversed",
                table: "Customers",
                columns: new[] { "MerchantId", "PhoneDigitsReversed" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_PhoneE164_Id",
                table: "Customers",
                columns: new[] { "MerchantId", "PhoneE164", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MerchantId_SecondaryPhoneE164_Id",
                table: "Customers",
                columns: new[] { "MerchantId", "SecondaryPhoneE164", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_LedgerAccounts_MerchantId_CustomerId_Kind_NormalizedName",
                table: "LedgerAccounts",
                columns: new[] { "MerchantId", "CustomerId", "Kind", "NormalizedName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_HoldId",
                table: "LedgerEntries",
                column: "HoldId");

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_MerchantId_AccountId_Sequence",
                table: "LedgerEntries",
                columns: new[] { "MerchantId", "AccountId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LedgerEntries_MerchantId_IdempotencyKey",
                table: "LedgerEntries",
                columns: new[] { "MerchantId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketLines_MerchantId_KeptByCustomerId_Sku_Currency_SoldAt",
                table: "TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "Sku", "Currency", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketLines_MerchantId_KeptByCustomerId_SoldAt",
                table: "TicketLines",
                columns: new[] { "MerchantId", "KeptByCustomerId", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketLinks_MerchantId_CustomerId_SortKey_Id",
                table: "TicketLinks",
                columns: new[] { "MerchantId", "CustomerId", "SortKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TicketLinks_MerchantId_TicketReference",
                table: "TicketLinks",
                columns: new[] { "MerchantId", "TicketReference" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "ChangeFeedCounters");

            migrationBuilder.DropTable(
                name: "ChangeFeedEntries");

            migrationBuilder.DropTable(
                name: "CustomerConsentRecords");

            migrationBuilder.DropTable(
                name: "CustomerGroups");

            migrationBuilder.DropTable(
                name: "CustomerItemTotals");

            migrationBuilder.DropTable(
                name: "CustomerMerges");

            migrationBuilder.DropTable(
                name: "CustomerNameTokens");

            migrationBuilder.DropTable(
                name: "ImportBatchEntries");

            migrationBuilder.DropTable(
                name: "LedgerEntries");

            migrationBuilder.DropTable(
                name: "TicketLines");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropTable(
                name: "ImportBatches");

            migrationBuilder.DropTable(
                name: "LedgerAccounts");

            migrationBuilder.DropTable(
                name: "TicketLinks");
        }
    }
}
