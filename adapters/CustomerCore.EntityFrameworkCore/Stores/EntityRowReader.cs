using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// Builds entities from the rows of a statement written outside EF Core's query pipeline, the reverse of
/// <see cref="SetBasedRowInserter"/> and over the same columns: their names and value conversions come from the EF
/// model, so an entity read here equals the one EF Core would materialize from the same row (a test compares every
/// property). The
/// statement selects the columns in <see cref="ColumnNames"/> order, starting at a given ordinal. Complex properties
/// are built through the constructor whose parameters name their properties (records) and are null when nullable and
/// every one of their columns is NULL, as EF Core reads them.
/// </summary>
internal sealed class EntityRowReader
{
    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<Type, EntityRowReader>> Readers = new();

    private readonly Type _clrType;
    private readonly List<Slot> _scalars = [];
    private readonly List<ComplexSlot> _complexes = [];

    private EntityRowReader(IEntityType entityType)
    {
        _clrType = entityType.ClrType;
        var columns = SetBasedRowInserter.Columns(entityType, StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema()));
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Complex is null)
            {
                _scalars.Add(new Slot(i, columns[i], Setter(columns[i].Property)));
            }
        }

        foreach (var complex in columns.Where(c => c.Complex is not null).GroupBy(c => c.Complex!))
        {
            var slots = complex.Select(c => (new Slot(columns.IndexOf(c), c, Setter(c.Property)), c.Property.Name)).ToList();
            _complexes.Add(new ComplexSlot(complex.Key.ComplexType.ClrType, complex.Key.IsNullable, slots, Setter(complex.Key)));
        }

        ColumnNames = columns.Select(c => c.Name).ToList();
    }

    /// <summary>The entity's stored columns in the order a statement must select them.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    public static EntityRowReader For(IModel model, Type type) =>
        Readers.GetOrCreateValue(model).GetOrAdd(
            type,
            static (type, model) => new EntityRowReader(model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.")),
            model);

    /// <summary>Reads the entity whose columns start at <paramref name="firstOrdinal"/> of the current row.</summary>
    public T Read<T>(DbDataReader reader, int firstOrdinal)
    {
        var entity = Activator.CreateInstance(_clrType)!;
        foreach (var slot in _scalars)
        {
            slot.Set(entity, slot.Read(reader, firstOrdinal));
        }

        foreach (var complex in _complexes)
        {
            var values = new object?[complex.Slots.Count];
            var allNull = true;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = complex.Slots[i].Slot.Read(reader, firstOrdinal);
                allNull &= values[i] is null;
            }

            complex.Set(entity, complex.Nullable && allNull ? null : complex.Create(values));
        }

        return (T)entity;
    }

    // A compiled assignment where the property has a setter (init included): reflection's SetValue was the largest
    // managed cost of reading a row. A backing field (a property without a setter) is set through reflection.
    private static Action<object, object?> Setter(IPropertyBase property)
    {
        if (property.PropertyInfo is { SetMethod: not null } settable)
        {
            var entity = Expression.Parameter(typeof(object), "entity");
            var value = Expression.Parameter(typeof(object), "value");
            var assign = Expression.Call(
                Expression.Convert(entity, settable.DeclaringType!),
                settable.SetMethod,
                Expression.Convert(value, settable.PropertyType));
            return Expression.Lambda<Action<object, object?>>(assign, entity, value).Compile();
        }

        var field = property.FieldInfo ?? throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has neither a setter nor a backing field.");
        return field.SetValue;
    }

    /// <summary>One column: where it is in the row, how it is stored and where its value goes.</summary>
    private sealed class Slot(int offset, SetBasedRowInserter.Column column, Action<object, object?> set)
    {
        private static readonly MethodInfo ReadAsMethod = typeof(Slot).GetMethod(nameof(ReadAs), BindingFlags.NonPublic | BindingFlags.Static)!;

        private readonly ValueConverter? _converter = column.Mapping.Converter;

        private readonly Func<DbDataReader, int, object> _readStored = Getter(
            Nullable.GetUnderlyingType(column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType) ?? column.Mapping.Converter?.ProviderClrType ?? column.Mapping.ClrType);

        // A NOT NULL column (required, and not inside a nullable complex property) needs no question to the provider.
        private readonly bool _nullable = column.Nullable;

        public Action<object, object?> Set { get; } = set;

        public object? Read(DbDataReader reader, int firstOrdinal)
        {
            var ordinal = firstOrdinal + offset;
            if (_nullable && reader.IsDBNull(ordinal))
            {
                return null;
            }

            var stored = _readStored(reader, ordinal);
            return _converter is { } converter ? converter.ConvertFromProvider(stored) : stored;
        }

        // The typed getter of the ADO.NET provider for the CLR type EF Core's mapping reads the column as. The common
        // types go through their own getters: GetFieldValue<T> is a generic virtual method, and the runtime looked each
        // call up anew (a third of the time spent reading a search's rows). The others keep GetFieldValue<T>.
        private static Func<DbDataReader, int, object> Getter(Type stored) => stored switch
        {
            _ when stored == typeof(string) => static (reader, ordinal) => reader.GetString(ordinal),
            _ when stored == typeof(long) => static (reader, ordinal) => reader.GetInt64(ordinal),
            _ when stored == typeof(int) => static (reader, ordinal) => reader.GetInt32(ordinal),
            _ when stored == typeof(short) => static (reader, ordinal) => reader.GetInt16(ordinal),
            _ when stored == typeof(bool) => static (reader, ordinal) => reader.GetBoolean(ordinal),
            _ when stored == typeof(double) => static (reader, ordinal) => reader.GetDouble(ordinal),
            _ when stored == typeof(decimal) => static (reader, ordinal) => reader.GetDecimal(ordinal),
            _ when stored == typeof(Guid) => static (reader, ordinal) => reader.GetGuid(ordinal),
            _ when stored == typeof(DateTime) => static (reader, ordinal) => reader.GetDateTime(ordinal),
            _ => (Func<DbDataReader, int, object>)ReadAsMethod.MakeGenericMethod(stored).CreateDelegate(typeof(Func<DbDataReader, int, object>)),
        };

        private static object ReadAs<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;
    }

    /// <summary>A complex property: its columns and how to build its value from them.</summary>
    private sealed class ComplexSlot
    {
        // The record's constructor compiled to take the slots' values in slot order (reflection's Invoke was measured
        // as a visible share of reading a row).
        private readonly Func<object?[], object>? _construct;

        public ComplexSlot(Type clrType, bool nullable, List<(Slot Slot, string Name)> slots, Action<object, object?> set)
        {
            Nullable = nullable;
            Slots = slots;
            Set = set;
            ClrType = clrType;
            foreach (var constructor in clrType.GetConstructors())
            {
                var parameters = constructor.GetParameters();
                var order = parameters.Select(p => slots.FindIndex(s => string.Equals(s.Name, p.Name, StringComparison.OrdinalIgnoreCase))).ToArray();
                if (parameters.Length == slots.Count && order.All(i => i >= 0))
                {
                    var values = Expression.Parameter(typeof(object?[]), "values");
                    var arguments = parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(order[i])), p.ParameterType));
                    _construct = Expression.Lambda<Func<object?[], object>>(Expression.Convert(Expression.New(constructor, arguments), typeof(object)), values).Compile();
                    break;
                }
            }
        }

        public bool Nullable { get; }

        public List<(Slot Slot, string Name)> Slots { get; }

        public Action<object, object?> Set { get; }

        private Type ClrType { get; }

        public object Create(object?[] values)
        {
            if (_construct is not null)
            {
                return _construct(values);
            }

            var value = Activator.CreateInstance(ClrType)!;
            for (var i = 0; i < Slots.Count; i++)
            {
                Slots[i].Slot.Set(value, values[i]);
            }

            return value;
        }
    }
}
