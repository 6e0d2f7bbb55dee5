using CustomerCore.Importing;

namespace CustomerCore;

public partial class CustomerErrorDescriber
{
    static CustomerErrorDescriber()
    {
        // Import messages live beside the importer; they join the shared tables once, before any message is formatted.
        Add("en", new()
        {
            [CustomerErrorCodes.ImportInvalidEncoding] = "Line {0} is not valid UTF-8. Save the file as UTF-8 (or allow Windows-1252) and try again.",
            ["import_invalid_encoding.utf16"] = "The file looks like UTF-16 without a byte order mark, but some of its bytes are not valid UTF-16. Save the file as UTF-8 and try again.",
            [CustomerErrorCodes.ImportMalformedCsv] = "Line {0} is not valid CSV.",
            ["import_malformed_csv.unterminated_quote"] = "Line {0} is not valid CSV: a quoted field is never closed.",
            ["import_malformed_csv.stray_quote"] = "Line {0} is not valid CSV: a stray quote was kept as text.",
            [CustomerErrorCodes.ImportLimitExceeded] = "Line {0} is larger than the import limits allow.",
            ["import_limit_exceeded.record_bytes"] = "Line {0}: the record is larger than the limit of {1} bytes.",
            ["import_limit_exceeded.header_columns"] = "Line {0}: the header has more columns than the limit of {1}.",
            ["import_limit_exceeded.row_columns"] = "Line {0}: the row has more columns than the limit of {1}.",
            ["import_limit_exceeded.field_length"] = "Line {0}: '{1}' is longer than the limit of {2} characters.",
            [CustomerErrorCodes.ImportEmptyFile] = "The file has no header row.",
            [CustomerErrorCodes.ImportMissingIdentifyingColumn] = "The file needs at least one column that identifies a customer: {0}.",
            [CustomerErrorCodes.ImportUnknownColumn] = "Column '{0}' is not recognised and will be ignored.",
            [CustomerErrorCodes.ImportDuplicateColumn] = "Column '{0}' fills '{1}', which an earlier column already fills; it will be ignored.",
            ["import_invalid_mapping.column_count"] = "The column mapping does not fit this file: the file has {0} columns, the mapping describes {1}.",
            ["import_invalid_mapping.header"] = "The column mapping does not fit this file: column {0} is not '{1}'.",
            [CustomerErrorCodes.ImportDuplicateInFile] = "This {0} is also on line {1} of the file.",
            [CustomerErrorCodes.ImportKeyConflict] = "The email belongs to one customer but the {0} belongs to another ({1}).",
            [CustomerErrorCodes.ImportHasErrors] = "Nothing was imported: {0} row(s) have errors. Fix them and import the file again, or import only the valid rows.",
            [CustomerErrorCodes.ImportChangedDuringImport] = "Nothing was imported: while the file was being checked, the customer on line {0} was changed, or its email or customer code was taken by another customer. Import the file again.",
            [CustomerErrorCodes.ImportAlreadyUndone] = "This import was already undone.",
            [CustomerErrorCodes.ImportUndoBlocked] = "The import cannot be undone: {0} customer(s) changed after it.",
            ["import_possible_duplicate"] = "An existing customer has the same {0}; review it, or import with \"create possible duplicates\".",
            ["invalid_value.import_key_cleared"] = "'{0}' is the key rows are merged by and cannot be cleared with {1}.",
            ["invalid_value.import_date"] = "'{0}' must be a date such as 1990-02-28.",
            ["invalid_value.import_preferences"] = "'{0}' must list preferences as name: value, separated by ';' (for example size: M; receipt: email).",
            ["invalid_value.import_consent"] = "'{0}' must be {1} or {2}; consent history cannot be cleared.",
        });
        Add("es", new()
        {
            [CustomerErrorCodes.ImportInvalidEncoding] = "La línea {0} no es UTF-8 válido. Guarde el archivo como UTF-8 (o permita Windows-1252) e inténtelo de nuevo.",
            ["import_invalid_encoding.utf16"] = "El archivo parece UTF-16 sin marca de orden de bytes, pero algunos de sus bytes no son UTF-16 válido. Guarde el archivo como UTF-8 e inténtelo de nuevo.",
            [CustomerErrorCodes.ImportMalformedCsv] = "La línea {0} no es CSV válido.",
            ["import_malformed_csv.unterminated_quote"] = "La línea {0} no es CSV válido: un campo entre comillas no se cierra nunca.",
            ["import_malformed_csv.stray_quote"] = "La línea {0} no es CSV válido: unas comillas sueltas se conservaron como texto.",
            [CustomerErrorCodes.ImportLimitExceeded] = "La línea {0} supera los límites de importación.",
            ["import_limit_exceeded.record_bytes"] = "Línea {0}: el registro supera el límite de {1} bytes.",
            ["import_limit_exceeded.header_columns"] = "Línea {0}: el encabezado tiene más columnas que el límite de {1}.",
            ["import_limit_exceeded.row_columns"] = "Línea {0}: la fila tiene más columnas que el límite de {1}.",
            ["import_limit_exceeded.field_length"] = "Línea {0}: '{1}' supera el límite de {2} caracteres.",
            [CustomerErrorCodes.ImportEmptyFile] = "El archivo no tiene fila de encabezado.",
            [CustomerErrorCodes.ImportMissingIdentifyingColumn] = "El archivo necesita al menos una columna que identifique al cliente: {0}.",
            [CustomerErrorCodes.ImportUnknownColumn] = "La columna '{0}' no se reconoce y se ignorará.",
            [CustomerErrorCodes.ImportDuplicateColumn] = "La columna '{0}' rellena '{1}', que ya rellena una columna anterior; se ignorará.",
            ["import_invalid_mapping.column_count"] = "La asignación de columnas no corresponde a este archivo: el archivo tiene {0} columnas y la asignación describe {1}.",
            ["import_invalid_mapping.header"] = "La asignación de columnas no corresponde a este archivo: la columna {0} no es '{1}'.",
            [CustomerErrorCodes.ImportDuplicateInFile] = "Este valor de {0} también está en la línea {1} del archivo.",
            [CustomerErrorCodes.ImportKeyConflict] = "El correo pertenece a un cliente, pero el campo {0} pertenece a otro ({1}).",
            [CustomerErrorCodes.ImportHasErrors] = "No se importó nada: {0} fila(s) tienen errores. Corríjalas e importe el archivo de nuevo, o importe solo las filas válidas.",
            [CustomerErrorCodes.ImportChangedDuringImport] = "No se importó nada: mientras se revisaba el archivo, el cliente de la línea {0} cambió, u otro cliente tomó su correo o su código de cliente. Importe el archivo de nuevo.",
            [CustomerErrorCodes.ImportAlreadyUndone] = "Esta importación ya se deshizo.",
            [CustomerErrorCodes.ImportUndoBlocked] = "No se puede deshacer la importación: {0} cliente(s) cambiaron después.",
            ["import_possible_duplicate"] = "Un cliente existente tiene el mismo valor de {0}; revíselo o importe con \"crear posibles duplicados\".",
            ["invalid_value.import_key_cleared"] = "'{0}' es la clave por la que se combinan las filas y no se puede vaciar con {1}.",
            ["invalid_value.import_date"] = "'{0}' debe ser una fecha como 1990-02-28.",
            ["invalid_value.import_preferences"] = "'{0}' debe listar las preferencias como nombre: valor, separadas por ';' (por ejemplo talla: M; recibo: email).",
            ["invalid_value.import_consent"] = "'{0}' debe ser {1} o {2}; el historial de consentimiento no se puede borrar.",
        });
        Add("de", new()
        {
            [CustomerErrorCodes.ImportInvalidEncoding] = "Zeile {0} ist kein gültiges UTF-8. Speichern Sie die Datei als UTF-8 (oder erlauben Sie Windows-1252) und versuchen Sie es erneut.",
            ["import_invalid_encoding.utf16"] = "Die Datei sieht nach UTF-16 ohne Byte-Order-Mark aus, aber einige ihrer Bytes sind kein gültiges UTF-16. Speichern Sie die Datei als UTF-8 und versuchen Sie es erneut.",
            [CustomerErrorCodes.ImportMalformedCsv] = "Zeile {0} ist kein gültiges CSV.",
            ["import_malformed_csv.unterminated_quote"] = "Zeile {0} ist kein gültiges CSV: Ein Feld in Anführungszeichen wird nie geschlossen.",
            ["import_malformed_csv.stray_quote"] = "Zeile {0} ist kein gültiges CSV: Ein einzelnes Anführungszeichen wurde als Text übernommen.",
            [CustomerErrorCodes.ImportLimitExceeded] = "Zeile {0} überschreitet die Importgrenzen.",
            ["import_limit_exceeded.record_bytes"] = "Zeile {0}: Der Datensatz überschreitet die Grenze von {1} Bytes.",
            ["import_limit_exceeded.header_columns"] = "Zeile {0}: Die Kopfzeile hat mehr Spalten als die Grenze von {1}.",
            ["import_limit_exceeded.row_columns"] = "Zeile {0}: Die Zeile hat mehr Spalten als die Grenze von {1}.",
            ["import_limit_exceeded.field_length"] = "Zeile {0}: '{1}' überschreitet die Grenze von {2} Zeichen.",
            [CustomerErrorCodes.ImportEmptyFile] = "Die Datei hat keine Kopfzeile.",
            [CustomerErrorCodes.ImportMissingIdentifyingColumn] = "Die Datei braucht mindestens eine Spalte, die einen Kunden identifiziert: {0}.",
            [CustomerErrorCodes.ImportUnknownColumn] = "Die Spalte '{0}' ist unbekannt und wird ignoriert.",
            [CustomerErrorCodes.ImportDuplicateColumn] = "Die Spalte '{0}' füllt '{1}', das bereits eine frühere Spalte füllt; sie wird ignoriert.",
            ["import_invalid_mapping.column_count"] = "Die Spaltenzuordnung passt nicht zu dieser Datei: Die Datei hat {0} Spalten, die Zuordnung beschreibt {1}.",
            ["import_invalid_mapping.header"] = "Die Spaltenzuordnung passt nicht zu dieser Datei: Spalte {0} ist nicht '{1}'.",
            [CustomerErrorCodes.ImportDuplicateInFile] = "Dieser Wert für {0} steht auch in Zeile {1} der Datei.",
            [CustomerErrorCodes.ImportKeyConflict] = "Die E-Mail gehört zu einem Kunden, aber {0} gehört zu einem anderen ({1}).",
            [CustomerErrorCodes.ImportHasErrors] = "Nichts wurde importiert: {0} Zeile(n) haben Fehler. Beheben Sie sie und importieren Sie die Datei erneut, oder importieren Sie nur die gültigen Zeilen.",
            [CustomerErrorCodes.ImportChangedDuringImport] = "Nichts wurde importiert: Während die Datei geprüft wurde, wurde der Kunde in Zeile {0} geändert, oder ein anderer Kunde hat seine E-Mail-Adresse oder Kundennummer übernommen. Importieren Sie die Datei erneut.",
            [CustomerErrorCodes.ImportAlreadyUndone] = "Dieser Import wurde bereits rückgängig gemacht.",
            [CustomerErrorCodes.ImportUndoBlocked] = "Der Import kann nicht rückgängig gemacht werden: {0} Kunde(n) wurden danach geändert.",
            ["import_possible_duplicate"] = "Ein vorhandener Kunde hat denselben Wert für {0}; prüfen Sie ihn oder importieren Sie mit \"mögliche Duplikate anlegen\".",
            ["invalid_value.import_key_cleared"] = "'{0}' ist der Schlüssel, über den Zeilen zusammengeführt werden, und kann nicht mit {1} geleert werden.",
            ["invalid_value.import_date"] = "'{0}' muss ein Datum wie 1990-02-28 sein.",
            ["invalid_value.import_preferences"] = "'{0}' muss Präferenzen als Name: Wert auflisten, getrennt durch ';' (zum Beispiel Größe: M; Beleg: E-Mail).",
            ["invalid_value.import_consent"] = "'{0}' muss {1} oder {2} sein; der Einwilligungsverlauf kann nicht gelöscht werden.",
        });
    }

    /// <summary>The file is not valid UTF-8 at <paramref name="line"/>.</summary>
    public virtual CustomerError ImportInvalidEncoding(long line) => Make(CustomerErrorCodes.ImportInvalidEncoding, null, line);

    /// <summary>The file was recognised as UTF-16 without a byte order mark, but does not decode as UTF-16.</summary>
    public virtual CustomerError ImportInvalidUtf16WithoutByteOrderMark() => new(CustomerErrorCodes.ImportInvalidEncoding, Format("import_invalid_encoding.utf16"));

    /// <summary>The CSV structure is broken at <paramref name="line"/>; <paramref name="problem"/> says how.</summary>
    public virtual CustomerError ImportMalformedCsv(long line, ImportCsvProblem problem) =>
        new(CustomerErrorCodes.ImportMalformedCsv, Format(
            problem switch
            {
                ImportCsvProblem.UnterminatedQuote => "import_malformed_csv.unterminated_quote",
                ImportCsvProblem.StrayQuote => "import_malformed_csv.stray_quote",
                _ => CustomerErrorCodes.ImportMalformedCsv,
            },
            line));

    /// <summary>A record, the header or a row at <paramref name="line"/> is larger than <paramref name="limit"/> allows.</summary>
    /// <param name="line">The line of the file.</param>
    /// <param name="limit">Which limit was exceeded.</param>
    /// <param name="maximum">The limit: bytes for <see cref="ImportLimit.RecordBytes"/>, columns otherwise.</param>
    public virtual CustomerError ImportLimitExceeded(long line, ImportLimit limit, int maximum) =>
        new(CustomerErrorCodes.ImportLimitExceeded, Format(
            limit switch
            {
                ImportLimit.RecordBytes => "import_limit_exceeded.record_bytes",
                ImportLimit.HeaderColumns => "import_limit_exceeded.header_columns",
                ImportLimit.RowColumns => "import_limit_exceeded.row_columns",
                _ => CustomerErrorCodes.ImportLimitExceeded,
            },
            line,
            maximum));

    /// <summary>A cell of the column <paramref name="header"/> is longer than <paramref name="maxLength"/> characters.</summary>
    public virtual CustomerError ImportFieldTooLong(long line, string header, int maxLength) =>
        new(CustomerErrorCodes.ImportLimitExceeded, Format("import_limit_exceeded.field_length", line, header, maxLength));

    /// <summary>The file has no header row.</summary>
    public virtual CustomerError ImportEmptyFile() => Make(CustomerErrorCodes.ImportEmptyFile, null);

    /// <summary>No column of the file identifies a customer.</summary>
    public virtual CustomerError ImportMissingIdentifyingColumn(IEnumerable<string> acceptedHeaders) =>
        Make(CustomerErrorCodes.ImportMissingIdentifyingColumn, null, string.Join(", ", acceptedHeaders));

    /// <summary>A column is not recognised (a warning).</summary>
    public virtual CustomerError ImportUnknownColumn(string header) => Make(CustomerErrorCodes.ImportUnknownColumn, header, header);

    /// <summary>A column maps to a field an earlier column already fills (a warning).</summary>
    public virtual CustomerError ImportDuplicateColumn(string header, CustomerImportField field) =>
        Make(CustomerErrorCodes.ImportDuplicateColumn, header, header, CustomerCsvFormat.HeaderOf(field));

    /// <summary>An explicit mapping describes a different number of columns than the file has.</summary>
    public virtual CustomerError ImportInvalidMappingColumnCount(int fileColumns, int mappedColumns) =>
        new(CustomerErrorCodes.ImportInvalidMapping, Format("import_invalid_mapping.column_count", fileColumns, mappedColumns));

    /// <summary>An explicit mapping expects <paramref name="expectedHeader"/> in the 1-based <paramref name="column"/>, and the file has another header there.</summary>
    public virtual CustomerError ImportInvalidMappingHeader(int column, string expectedHeader) =>
        new(CustomerErrorCodes.ImportInvalidMapping, Format("import_invalid_mapping.header", column, expectedHeader));

    /// <summary>A key value repeats an earlier line of the file.</summary>
    public virtual CustomerError ImportDuplicateInFile(string header, long firstLine) =>
        Make(CustomerErrorCodes.ImportDuplicateInFile, header, header, firstLine);

    /// <summary>The row's email and its phone or code point at different customers.</summary>
    public virtual CustomerError ImportKeyConflict(string header, string otherCustomer) =>
        Make(CustomerErrorCodes.ImportKeyConflict, header, header, otherCustomer);

    /// <summary>The row matches an existing customer by phone or customer code.</summary>
    public virtual CustomerError ImportPossibleDuplicate(string header) =>
        new(CustomerErrorCodes.PossibleDuplicate, Format("import_possible_duplicate", header), header);

    /// <summary>A row tries to clear the email, the key rows are merged by.</summary>
    public virtual CustomerError ImportKeyCannotBeCleared(string header) =>
        new(CustomerErrorCodes.InvalidValue, Format("invalid_value.import_key_cleared", header, CustomerCsvFormat.ClearToken), header);

    /// <summary>A preferences cell is not a list of <c>name: value</c> pairs.</summary>
    public virtual CustomerError ImportInvalidPreferences(string header) =>
        new(CustomerErrorCodes.InvalidValue, Format("invalid_value.import_preferences", header), header);

    /// <summary>A birthday cell is not a date.</summary>
    public virtual CustomerError ImportInvalidDate(string header) =>
        new(CustomerErrorCodes.InvalidValue, Format("invalid_value.import_date", header), header);

    /// <summary>A consent cell is neither opted in nor opted out (clearing it is not allowed either).</summary>
    public virtual CustomerError ImportInvalidConsent(string header) =>
        new(CustomerErrorCodes.InvalidValue, Format("invalid_value.import_consent", header, CustomerCsvFormat.OptedIn, CustomerCsvFormat.OptedOut), header);

    /// <summary>An all-or-nothing import was refused because rows have errors.</summary>
    public virtual CustomerError ImportHasErrors(int rowsWithErrors) => Make(CustomerErrorCodes.ImportHasErrors, null, rowsWithErrors);

    /// <summary>The customer of <paramref name="line"/> changed between the check and the write, or its email or code
    /// was taken meanwhile; nothing was imported.</summary>
    public virtual CustomerError ImportChangedDuringImport(long line) =>
        Make(CustomerErrorCodes.ImportChangedDuringImport, null, line);

    /// <summary>The import batch was already undone.</summary>
    public virtual CustomerError ImportAlreadyUndone() => Make(CustomerErrorCodes.ImportAlreadyUndone, null);

    /// <summary>Customers touched by the import changed since, so it cannot be undone.</summary>
    public virtual CustomerError ImportUndoBlocked(int blockingCustomers) => Make(CustomerErrorCodes.ImportUndoBlocked, null, blockingCustomers);

    private static void Add(string language, Dictionary<string, string> templates)
    {
        var table = Templates[language];
        foreach (var (key, template) in templates)
        {
            table[key] = template;
        }
    }
}
