using CustomerCore.Customers;
using CustomerCore.Discounts;
using CustomerCore.Privacy;

namespace CustomerCore.Importing;

/// <summary>
/// The binary form of an <see cref="ImportWritePlan"/>'s rows. The write pass reads every planned customer back, and a
/// general-purpose serializer spent more time on that (and on the garbage it left) than the database spent storing the
/// row; this writes each field in a fixed order with no names and no intermediate objects. A field added to
/// <see cref="Customer"/> must be added here too: a test fills every property and fails when one does not survive.
/// </summary>
internal static class ImportPlanCodec
{
    public static void WriteRow(BinaryWriter writer, PlannedRow row)
    {
        writer.Write(row.Line);
        writer.Write(row.FileOffset);
        if (row.After is null)
        {
            writer.Write(false);
            WriteStrings(writer, row.Cells ?? []);
            WriteString(writer, row.Errors);
            return;
        }

        writer.Write(true);
        writer.Write(row.Before is not null);
        if (row.Before is not null)
        {
            WriteCustomer(writer, row.Before);
        }

        WriteCustomer(writer, row.After);
        writer.Write(row.Consents.Count);
        foreach (var consent in row.Consents)
        {
            WriteConsent(writer, consent);
        }
    }

    public static PlannedRow ReadRow(BinaryReader reader)
    {
        var line = reader.ReadInt64();
        var fileOffset = reader.ReadInt64();
        if (!reader.ReadBoolean())
        {
            return new PlannedRow { Line = line, FileOffset = fileOffset, Cells = ReadStrings(reader), Errors = ReadString(reader) };
        }

        var before = reader.ReadBoolean() ? ReadCustomer(reader) : null;
        var after = ReadCustomer(reader);
        var consents = new List<ConsentRecord>(reader.ReadInt32());
        for (var i = consents.Capacity; i > 0; i--)
        {
            consents.Add(ReadConsent(reader));
        }

        return new PlannedRow { Line = line, FileOffset = fileOffset, Before = before, After = after, Consents = consents };
    }

    public static void WriteCustomer(BinaryWriter writer, Customer customer)
    {
        WriteGuid(writer, customer.Id);
        WriteString(writer, customer.MerchantId.Value);
        WriteString(writer, customer.FirstName);
        WriteString(writer, customer.LastName);
        WriteString(writer, customer.DisplayName);
        WriteString(writer, customer.CompanyName);
        WriteString(writer, customer.Email);
        WriteString(writer, customer.NormalizedEmail);
        WriteString(writer, customer.Phone);
        WriteString(writer, customer.PhoneE164);
        WriteString(writer, customer.PhoneDigitsReversed);
        WriteString(writer, customer.SecondaryPhone);
        WriteString(writer, customer.SecondaryPhoneE164);
        WriteString(writer, customer.AddressLine1);
        WriteString(writer, customer.AddressLine2);
        WriteString(writer, customer.HouseNumber);
        WriteString(writer, customer.City);
        WriteString(writer, customer.Region);
        WriteString(writer, customer.PostalCode);
        WriteString(writer, customer.NormalizedPostalCode);
        WriteString(writer, customer.Country);
        WriteString(writer, customer.CustomerCode);
        WriteString(writer, customer.NormalizedCustomerCode);
        writer.Write(customer.Birthday?.DayNumber ?? -1);
        WriteString(writer, customer.Note);
        WriteOptionalGuid(writer, customer.GroupId);
        writer.Write(customer.PersonalDiscount is not null);
        if (customer.PersonalDiscount is { } discount)
        {
            writer.Write((int)discount.Kind);
            writer.Write(discount.Value);
            WriteString(writer, discount.Currency);
        }

        WriteStrings(writer, customer.Tags);
        writer.Write(customer.Preferences.Count);
        foreach (var preference in customer.Preferences)
        {
            writer.Write(preference.Name);
            writer.Write(preference.Value);
        }

        WriteConsentState(writer, customer.EmailConsent);
        WriteConsentState(writer, customer.SmsConsent);
        WriteStrings(writer, customer.NameTokens);
        WriteMoment(writer, customer.CreatedAt);
        WriteMoment(writer, customer.UpdatedAt);
        WriteString(writer, customer.CreatedBy);
        WriteString(writer, customer.UpdatedBy);
        writer.Write(customer.ErasedAt is not null);
        if (customer.ErasedAt is { } erasedAt)
        {
            WriteMoment(writer, erasedAt);
        }

        writer.Write(customer.Version);
    }

    public static Customer ReadCustomer(BinaryReader reader)
    {
        var customer = new Customer
        {
            Id = ReadGuid(reader),
            MerchantId = new MerchantId(ReadString(reader)!),
            FirstName = ReadString(reader),
            LastName = ReadString(reader),
            DisplayName = ReadString(reader),
            CompanyName = ReadString(reader),
            Email = ReadString(reader),
            NormalizedEmail = ReadString(reader),
            Phone = ReadString(reader),
            PhoneE164 = ReadString(reader),
            PhoneDigitsReversed = ReadString(reader),
            SecondaryPhone = ReadString(reader),
            SecondaryPhoneE164 = ReadString(reader),
            AddressLine1 = ReadString(reader),
            AddressLine2 = ReadString(reader),
            HouseNumber = ReadString(reader),
            City = ReadString(reader),
            Region = ReadString(reader),
            PostalCode = ReadString(reader),
            NormalizedPostalCode = ReadString(reader),
            Country = ReadString(reader),
            CustomerCode = ReadString(reader),
            NormalizedCustomerCode = ReadString(reader),
            Birthday = reader.ReadInt32() is var day and >= 0 ? DateOnly.FromDayNumber(day) : null,
            Note = ReadString(reader),
            GroupId = ReadOptionalGuid(reader),
            PersonalDiscount = reader.ReadBoolean() ? new Discount((DiscountKind)reader.ReadInt32(), reader.ReadDecimal(), ReadString(reader)) : null,
            Tags = [.. ReadStrings(reader)],
        };

        var preferences = new List<CustomerPreference>(reader.ReadInt32());
        for (var i = preferences.Capacity; i > 0; i--)
        {
            preferences.Add(new CustomerPreference(reader.ReadString(), reader.ReadString()));
        }

        customer.Preferences = preferences;
        customer.EmailConsent = ReadConsentState(reader);
        customer.SmsConsent = ReadConsentState(reader);
        customer.NameTokens = [.. ReadStrings(reader)];
        customer.CreatedAt = ReadMoment(reader);
        customer.UpdatedAt = ReadMoment(reader);
        customer.CreatedBy = ReadString(reader);
        customer.UpdatedBy = ReadString(reader);
        customer.ErasedAt = reader.ReadBoolean() ? ReadMoment(reader) : null;
        customer.Version = reader.ReadInt64();
        return customer;
    }

    private static void WriteConsent(BinaryWriter writer, ConsentRecord consent)
    {
        WriteGuid(writer, consent.Id);
        WriteString(writer, consent.MerchantId.Value);
        WriteGuid(writer, consent.CustomerId);
        writer.Write((int)consent.Channel);
        writer.Write((int)consent.Status);
        WriteMoment(writer, consent.RecordedAt);
        writer.Write((int)consent.Source);
        WriteString(writer, consent.WordingVersion);
        WriteString(writer, consent.RecordedBy);
    }

    private static ConsentRecord ReadConsent(BinaryReader reader) => new()
    {
        Id = ReadGuid(reader),
        MerchantId = new MerchantId(ReadString(reader)!),
        CustomerId = ReadGuid(reader),
        Channel = (ConsentChannel)reader.ReadInt32(),
        Status = (ConsentStatus)reader.ReadInt32(),
        RecordedAt = ReadMoment(reader),
        Source = (ConsentSource)reader.ReadInt32(),
        WordingVersion = ReadString(reader),
        RecordedBy = ReadString(reader),
    };

    private static void WriteConsentState(BinaryWriter writer, ConsentState state)
    {
        writer.Write((int)state.Status);
        writer.Write(state.ChangedAt is not null);
        if (state.ChangedAt is { } changedAt)
        {
            WriteMoment(writer, changedAt);
        }

        writer.Write(state.Source is { } source ? (int)source : -1);
        WriteString(writer, state.WordingVersion);
    }

    private static ConsentState ReadConsentState(BinaryReader reader)
    {
        var status = (ConsentStatus)reader.ReadInt32();
        DateTimeOffset? changedAt = reader.ReadBoolean() ? ReadMoment(reader) : null;
        ConsentSource? source = reader.ReadInt32() is var s and >= 0 ? (ConsentSource)s : null;
        var wording = ReadString(reader);
        return status == ConsentStatus.Unknown && changedAt is null && source is null && wording is null
            ? ConsentState.Unknown
            : new ConsentState(status, changedAt, source, wording);
    }

    // The offset is kept as written: a customer's times are compared and stored as they were stamped.
    private static void WriteMoment(BinaryWriter writer, DateTimeOffset moment)
    {
        writer.Write(moment.Ticks);
        writer.Write((short)moment.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadMoment(BinaryReader reader)
    {
        var ticks = reader.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(reader.ReadInt16()));
    }

    private static void WriteOptionalGuid(BinaryWriter writer, Guid? value)
    {
        writer.Write(value is not null);
        if (value is { } guid)
        {
            WriteGuid(writer, guid);
        }
    }

    private static Guid? ReadOptionalGuid(BinaryReader reader) => reader.ReadBoolean() ? ReadGuid(reader) : null;

    private static void WriteGuid(BinaryWriter writer, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        writer.Write(bytes);
    }

    private static Guid ReadGuid(BinaryReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        reader.BaseStream.ReadExactly(bytes);
        return new Guid(bytes);
    }

    private static void WriteString(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadString(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    private static void WriteStrings(BinaryWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }

        return values;
    }
}
