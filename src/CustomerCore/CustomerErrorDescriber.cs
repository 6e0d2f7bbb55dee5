using System.Globalization;

namespace CustomerCore;

/// <summary>
/// Builds the <see cref="CustomerError"/> values the services return. Messages come in English, Spanish and German,
/// chosen from <see cref="CultureInfo.CurrentUICulture"/>. Override a method to change a message without touching
/// the services; new errors are added as new virtual methods, so existing overrides keep compiling.
/// </summary>
public partial class CustomerErrorDescriber
{
    private static readonly Dictionary<string, Dictionary<string, string>> Templates = new()
    {
        ["en"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' is required.",
            ["policy"] = "Enter at least one of: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' must be at most {1} characters.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' is not a valid email address.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' looks like a payment card number. Card numbers must never be stored.",
            [CustomerErrorCodes.ControlCharacter] = "'{0}' contains an invisible control character ({2}) at position {1}. Remove it and try again.",
            ["control_character.line_break"] = "'{0}' must be a single line: remove the tab or line break ({2}) at position {1}.",
            ["control_character.text_direction"] = "'{0}' contains a text-direction control character ({2}) at position {1}, which can disguise how the text reads. Remove it and try again.",
            ["control_character.unpaired_surrogate"] = "'{0}' contains a broken character ({2}) at position {1}; the text was probably cut or copied badly. Enter it again.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' has an invalid value.",
            ["invalid_value.unknown"] = "'{0}' does not accept the value '{1}'.",
            ["invalid_value.negative"] = "'{0}' must not be negative.",
            ["invalid_value.zero"] = "'{0}' must not be zero.",
            ["invalid_value.range"] = "'{0}' must be between {1} and {2}.",
            ["invalid_value.length_range"] = "'{0}' must be {1} to {2} characters long.",
            ["invalid_value.too_many_entries"] = "'{0}' can have at most {1} entries.",
            ["invalid_value.date_range"] = "'{0}' must be a date between the year {1} and today.",
            ["invalid_value.page"] = "'Skip' must be between 0 and {0}, and 'Take' between 1 and {1}.",
            ["invalid_value.end_before_start"] = "'{0}' must not be before '{1}'.",
            ["invalid_currency.shape"] = "'{0}' must be a three-letter ISO 4217 currency code.",
            ["invalid_value.cursor"] = "'{0}' is not a cursor from a previous page.",
            ["invalid_value.refund_range"] = "'{0}' must be between 0 and the ticket total.",
            ["invalid_value.partial_refund"] = "'{0}' must be more than 0 and less than the ticket total for a partial refund.",
            ["invalid_value.refund_not_refunded"] = "'{0}' must be 0 unless the ticket is refunded.",
            ["invalid_value.line_count"] = "'{0}' must be 0 or the number of lines reported ({1}).",
            ["invalid_value.duplicate_preference"] = "The preference '{0}' is given twice; each preference name can be used once.",
            ["invalid_value.preference_separator"] = "'{0}' must not contain '{1}', which separates preferences in the spreadsheet column.",
            ["invalid_value.quantity"] = "'{0}' must be more than 0 and at most {1}, with at most {2} decimal places.",
            [CustomerErrorCodes.ReturnExceedsQuantity] = "Line {1} returns {2}, but only {3} were bought; a line cannot return more than it sold.",
            ["invalid_value.points"] = "Points must be a whole number greater than zero.",
            ["invalid_value.merge_same_customer"] = "A customer cannot be merged into itself; choose a different customer to remove.",
            ["invalid_value.held_credit"] = "The customer has store credit on hold for a sale in progress; capture or release it first.",
            ["invalid_value.percentage_currency"] = "A percentage discount has no currency; leave the currency empty.",
            [CustomerErrorCodes.DuplicateEmail] = "Another customer already uses this email address.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Another customer already uses this customer code.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} existing customer(s) look like the same person. Review them or create anyway.",
            [CustomerErrorCodes.VersionConflict] = "The customer was changed by someone else. Reload and try again.",
            [CustomerErrorCodes.NotFound] = "The record was not found.",
            ["not_found.customer"] = "The customer was not found.",
            ["not_found.customer_group"] = "The customer group was not found.",
            ["not_found.credit_line"] = "The credit line was not found.",
            ["not_found.ledger_account"] = "The account was not found.",
            ["not_found.store_credit_hold"] = "The store credit hold was not found.",
            ["not_found.ticket"] = "The ticket was not found.",
            ["not_found.merge"] = "The merge was not found.",
            ["not_found.import_batch"] = "The import batch was not found.",
            [CustomerErrorCodes.Forbidden] = "You do not have the '{0}' permission.",
            [CustomerErrorCodes.TicketAlreadyAttached] = "The ticket already belongs to another customer.",
            [CustomerErrorCodes.AttachWindowExpired] = "The ticket was paid more than {0} days ago; a customer can no longer be attached to it.",
            [CustomerErrorCodes.InvalidTicketTransition] = "The ticket cannot change from {0} to {1}.",
            [CustomerErrorCodes.MergeUndoBlocked] = "The merge cannot be undone.",
            ["merge_undo_blocked.already_undone"] = "The merge was already undone.",
            ["merge_undo_blocked.kept_customer_changed"] = "The merge cannot be undone: the kept customer has changed since the merge.",
            ["merge_undo_blocked.ticket_changed"] = "The merge cannot be undone: ticket {0} has changed since the merge.",
            ["merge_undo_blocked.some_ticket_changed"] = "The merge cannot be undone: a ticket has changed since the merge.",
            ["merge_undo_blocked.ledger_account_changed"] = "The merge cannot be undone: ledger account {0} has new entries since the merge.",
            ["merge_undo_blocked.some_ledger_account_changed"] = "The merge cannot be undone: a ledger account has new entries since the merge.",
            ["merge_undo_blocked.identity_taken"] = "The merge cannot be undone: another customer now uses the removed customer's email or code.",
            [CustomerErrorCodes.InsufficientPoints] = "Not enough loyalty points: {0} available.",
            [CustomerErrorCodes.CurrencyMismatch] = "An amount in {1} cannot be used with {0}.",
            [CustomerErrorCodes.TooManyDecimals] = "'{0}' has more decimal places than {1} allows ({2}).",
            [CustomerErrorCodes.AmountNotPositive] = "'{0}' must be greater than zero.",
            [CustomerErrorCodes.DiscountPercentageOutOfRange] = "A percentage discount must be more than 0 and at most 100 (got {0}).",
            [CustomerErrorCodes.DuplicateGroupName] = "A customer group named '{0}' already exists.",
            [CustomerErrorCodes.DuplicateCreditLineName] = "The customer already has a credit line named '{0}'.",
            [CustomerErrorCodes.CreditLimitExceeded] = "The charge would take the balance to {1}, over the credit limit of {0}.",
            ["credit_limit_override"] = "The charge would take the balance to {1}, over the credit limit of {0}. Give an override reason to charge anyway.",
            [CustomerErrorCodes.CreditLineInactive] = "This credit line is not active.",
            [CustomerErrorCodes.InsufficientStoreCredit] = "Not enough store credit: {0} available.",
            [CustomerErrorCodes.HoldNotOpen] = "This store credit hold was already captured or released.",
            [CustomerErrorCodes.PaymentExceedsBalance] = "The payment is more than the balance owed ({0}).",
            [CustomerErrorCodes.IdempotencyKeyReused] = "This idempotency key was already used for a different request.",
            [CustomerErrorCodes.InvalidCurrency] = "'{0}' must be an active ISO 4217 currency code such as EUR, USD or JPY.",
            [CustomerErrorCodes.InvalidAmount] = "'{0}' is not an amount. Write it like 12.50.",
            ["invalid_amount.group_separator"] = "'{0}' contains ',', which could be a decimal comma or a thousands separator. Write the amount with '.' as the decimal point and no separators, for example 1.5 or 1500.",
            ["invalid_amount.whitespace"] = "'{0}' must not contain spaces.",
            ["invalid_amount.sign"] = "'{0}' must not have a sign; enter the amount without '+' or '-'.",
            ["invalid_amount.exponent"] = "'{0}' must be written out in full, without an exponent such as e3.",
            ["invalid_amount.non_ascii_digit"] = "'{0}' must use the digits 0 to 9.",
            ["invalid_amount.decimal_points"] = "'{0}' must have at most one '.'.",
            ["invalid_amount.missing_digits"] = "'{0}' needs digits before and after the '.', for example 0.5.",
            ["invalid_amount.character"] = "'{0}' may contain only the digits 0 to 9 and one '.', without a currency symbol or letters.",
            ["too_many_decimals.places"] = "'{0}' may have at most {1} decimal places.",
            ["too_many_decimals.whole"] = "'{0}' must be a whole number.",
            [CustomerErrorCodes.AmountTooLarge] = "'{0}' must not be more than {1}.",
            [CustomerErrorCodes.BalanceLimitExceeded] = "The posting would take the account's balance over its maximum of {0}.",
        },
        ["es"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' es obligatorio.",
            ["policy"] = "Introduzca al menos uno de: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' debe tener como máximo {1} caracteres.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' no es una dirección de correo electrónico válida.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' parece un número de tarjeta de pago. Nunca se deben guardar números de tarjeta.",
            [CustomerErrorCodes.ControlCharacter] = "'{0}' contiene un carácter de control invisible ({2}) en la posición {1}. Elimínelo e inténtelo de nuevo.",
            ["control_character.line_break"] = "'{0}' debe ocupar una sola línea: elimine el tabulador o salto de línea ({2}) de la posición {1}.",
            ["control_character.text_direction"] = "'{0}' contiene un carácter de control de la dirección del texto ({2}) en la posición {1}, que puede disfrazar cómo se lee el texto. Elimínelo e inténtelo de nuevo.",
            ["control_character.unpaired_surrogate"] = "'{0}' contiene un carácter roto ({2}) en la posición {1}; probablemente el texto se cortó o se copió mal. Vuelva a escribirlo.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' tiene un valor no válido.",
            ["invalid_value.unknown"] = "'{0}' no admite el valor '{1}'.",
            ["invalid_value.negative"] = "'{0}' no puede ser negativo.",
            ["invalid_value.zero"] = "'{0}' no puede ser cero.",
            ["invalid_value.range"] = "'{0}' debe estar entre {1} y {2}.",
            ["invalid_value.length_range"] = "'{0}' debe tener entre {1} y {2} caracteres.",
            ["invalid_value.too_many_entries"] = "'{0}' admite como máximo {1} elementos.",
            ["invalid_value.date_range"] = "'{0}' debe ser una fecha entre el año {1} y hoy.",
            ["invalid_value.page"] = "'Skip' debe estar entre 0 y {0}, y 'Take' entre 1 y {1}.",
            ["invalid_value.end_before_start"] = "'{0}' no puede ser anterior a '{1}'.",
            ["invalid_currency.shape"] = "'{0}' debe ser un código de moneda ISO 4217 de tres letras.",
            ["invalid_value.cursor"] = "'{0}' no es un cursor de una página anterior.",
            ["invalid_value.refund_range"] = "'{0}' debe estar entre 0 y el total del ticket.",
            ["invalid_value.partial_refund"] = "En una devolución parcial, '{0}' debe ser mayor que 0 y menor que el total del ticket.",
            ["invalid_value.refund_not_refunded"] = "'{0}' debe ser 0 salvo que el ticket esté devuelto.",
            ["invalid_value.line_count"] = "'{0}' debe ser 0 o el número de líneas enviadas ({1}).",
            ["invalid_value.duplicate_preference"] = "La preferencia '{0}' aparece dos veces; cada nombre de preferencia se puede usar una sola vez.",
            ["invalid_value.preference_separator"] = "'{0}' no debe contener '{1}', que separa las preferencias en la columna de la hoja de cálculo.",
            ["invalid_value.quantity"] = "'{0}' debe ser mayor que 0 y como máximo {1}, con {2} decimales como máximo.",
            [CustomerErrorCodes.ReturnExceedsQuantity] = "La línea {1} devuelve {2}, pero solo se vendieron {3}; una línea no puede devolver más de lo vendido.",
            ["invalid_value.points"] = "Los puntos deben ser un número entero mayor que cero.",
            ["invalid_value.merge_same_customer"] = "Un cliente no se puede fusionar consigo mismo; elija otro cliente para eliminar.",
            ["invalid_value.held_credit"] = "El cliente tiene saldo a favor retenido para una venta en curso; cóbrelo o libérelo primero.",
            ["invalid_value.percentage_currency"] = "Un descuento porcentual no tiene moneda; deje la moneda vacía.",
            [CustomerErrorCodes.DuplicateEmail] = "Otro cliente ya utiliza esta dirección de correo electrónico.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Otro cliente ya utiliza este código de cliente.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} cliente(s) existente(s) parecen la misma persona. Revíselos o créelo de todos modos.",
            [CustomerErrorCodes.VersionConflict] = "Otra persona ha modificado el cliente. Vuelva a cargarlo e inténtelo de nuevo.",
            [CustomerErrorCodes.NotFound] = "No se encontró el registro.",
            ["not_found.customer"] = "No se encontró el cliente.",
            ["not_found.customer_group"] = "No se encontró el grupo de clientes.",
            ["not_found.credit_line"] = "No se encontró la línea de crédito.",
            ["not_found.ledger_account"] = "No se encontró la cuenta.",
            ["not_found.store_credit_hold"] = "No se encontró la retención de saldo a favor.",
            ["not_found.ticket"] = "No se encontró el ticket.",
            ["not_found.merge"] = "No se encontró la fusión.",
            ["not_found.import_batch"] = "No se encontró el lote de importación.",
            [CustomerErrorCodes.Forbidden] = "No tiene el permiso '{0}'.",
            [CustomerErrorCodes.TicketAlreadyAttached] = "El ticket ya pertenece a otro cliente.",
            [CustomerErrorCodes.AttachWindowExpired] = "El ticket se pagó hace más de {0} días; ya no se le puede asignar un cliente.",
            [CustomerErrorCodes.InvalidTicketTransition] = "El ticket no puede pasar de {0} a {1}.",
            [CustomerErrorCodes.MergeUndoBlocked] = "No se puede deshacer la fusión.",
            ["merge_undo_blocked.already_undone"] = "La fusión ya se deshizo.",
            ["merge_undo_blocked.kept_customer_changed"] = "No se puede deshacer la fusión: el cliente conservado ha cambiado desde entonces.",
            ["merge_undo_blocked.ticket_changed"] = "No se puede deshacer la fusión: el ticket {0} ha cambiado desde entonces.",
            ["merge_undo_blocked.some_ticket_changed"] = "No se puede deshacer la fusión: un ticket ha cambiado desde entonces.",
            ["merge_undo_blocked.ledger_account_changed"] = "No se puede deshacer la fusión: la cuenta {0} tiene movimientos nuevos desde entonces.",
            ["merge_undo_blocked.some_ledger_account_changed"] = "No se puede deshacer la fusión: una cuenta tiene movimientos nuevos desde entonces.",
            ["merge_undo_blocked.identity_taken"] = "No se puede deshacer la fusión: otro cliente usa ahora el correo electrónico o el código del cliente eliminado.",
            [CustomerErrorCodes.InsufficientPoints] = "Puntos de fidelidad insuficientes: {0} disponibles.",
            [CustomerErrorCodes.CurrencyMismatch] = "No se puede usar un importe en {1} con {0}.",
            [CustomerErrorCodes.TooManyDecimals] = "'{0}' tiene más decimales de los que permite {1} ({2}).",
            [CustomerErrorCodes.AmountNotPositive] = "'{0}' debe ser mayor que cero.",
            [CustomerErrorCodes.DiscountPercentageOutOfRange] = "Un descuento porcentual debe ser mayor que 0 y como máximo 100 (se indicó {0}).",
            [CustomerErrorCodes.DuplicateGroupName] = "Ya existe un grupo de clientes llamado '{0}'.",
            [CustomerErrorCodes.DuplicateCreditLineName] = "El cliente ya tiene una línea de crédito llamada '{0}'.",
            [CustomerErrorCodes.CreditLimitExceeded] = "El cargo dejaría el saldo en {1}, por encima del límite de crédito de {0}.",
            ["credit_limit_override"] = "El cargo dejaría el saldo en {1}, por encima del límite de crédito de {0}. Indique un motivo para autorizarlo de todos modos.",
            [CustomerErrorCodes.CreditLineInactive] = "Esta línea de crédito no está activa.",
            [CustomerErrorCodes.InsufficientStoreCredit] = "Saldo a favor insuficiente: {0} disponible.",
            [CustomerErrorCodes.HoldNotOpen] = "Esta retención de saldo a favor ya se cobró o se liberó.",
            [CustomerErrorCodes.PaymentExceedsBalance] = "El pago es mayor que el saldo pendiente ({0}).",
            [CustomerErrorCodes.IdempotencyKeyReused] = "Esta clave de idempotencia ya se usó para otra solicitud.",
            [CustomerErrorCodes.InvalidCurrency] = "'{0}' debe ser un código de moneda ISO 4217 vigente, como EUR, USD o JPY.",
            [CustomerErrorCodes.InvalidAmount] = "'{0}' no es un importe. Escríbalo como 12.50.",
            ["invalid_amount.group_separator"] = "'{0}' contiene ',', que puede ser una coma decimal o un separador de miles. Escriba el importe con '.' como separador decimal y sin separadores de miles, por ejemplo 1.5 o 1500.",
            ["invalid_amount.whitespace"] = "'{0}' no puede contener espacios.",
            ["invalid_amount.sign"] = "'{0}' no puede llevar signo; escriba el importe sin '+' ni '-'.",
            ["invalid_amount.exponent"] = "'{0}' debe escribirse completo, sin exponente como e3.",
            ["invalid_amount.non_ascii_digit"] = "'{0}' debe usar las cifras del 0 al 9.",
            ["invalid_amount.decimal_points"] = "'{0}' puede tener como máximo un '.'.",
            ["invalid_amount.missing_digits"] = "'{0}' necesita cifras antes y después del '.', por ejemplo 0.5.",
            ["invalid_amount.character"] = "'{0}' solo puede contener las cifras del 0 al 9 y un '.', sin símbolo de moneda ni letras.",
            ["too_many_decimals.places"] = "'{0}' admite como máximo {1} decimales.",
            ["too_many_decimals.whole"] = "'{0}' debe ser un número entero.",
            [CustomerErrorCodes.AmountTooLarge] = "'{0}' no puede ser mayor que {1}.",
            [CustomerErrorCodes.BalanceLimitExceeded] = "El movimiento llevaría el saldo de la cuenta por encima de su máximo de {0}.",
        },
        ["de"] = new()
        {
            [CustomerErrorCodes.Required] = "'{0}' ist erforderlich.",
            ["policy"] = "Geben Sie mindestens eines davon an: {0}.",
            [CustomerErrorCodes.TooLong] = "'{0}' darf höchstens {1} Zeichen lang sein.",
            [CustomerErrorCodes.InvalidEmail] = "'{0}' ist keine gültige E-Mail-Adresse.",
            [CustomerErrorCodes.CardNumberDetected] = "'{0}' sieht wie eine Kartennummer aus. Kartennummern dürfen nie gespeichert werden.",
            [CustomerErrorCodes.ControlCharacter] = "'{0}' enthält ein unsichtbares Steuerzeichen ({2}) an Position {1}. Entfernen Sie es und versuchen Sie es erneut.",
            ["control_character.line_break"] = "'{0}' muss einzeilig sein: Entfernen Sie den Tabulator oder Zeilenumbruch ({2}) an Position {1}.",
            ["control_character.text_direction"] = "'{0}' enthält ein Steuerzeichen für die Schreibrichtung ({2}) an Position {1}, das verschleiern kann, wie der Text gelesen wird. Entfernen Sie es und versuchen Sie es erneut.",
            ["control_character.unpaired_surrogate"] = "'{0}' enthält ein defektes Zeichen ({2}) an Position {1}; der Text wurde wohl abgeschnitten oder falsch kopiert. Geben Sie ihn erneut ein.",
            [CustomerErrorCodes.InvalidValue] = "'{0}' hat einen ungültigen Wert.",
            ["invalid_value.unknown"] = "'{0}' akzeptiert den Wert '{1}' nicht.",
            ["invalid_value.negative"] = "'{0}' darf nicht negativ sein.",
            ["invalid_value.zero"] = "'{0}' darf nicht null sein.",
            ["invalid_value.range"] = "'{0}' muss zwischen {1} und {2} liegen.",
            ["invalid_value.length_range"] = "'{0}' muss {1} bis {2} Zeichen lang sein.",
            ["invalid_value.too_many_entries"] = "'{0}' darf höchstens {1} Einträge haben.",
            ["invalid_value.date_range"] = "'{0}' muss ein Datum zwischen dem Jahr {1} und heute sein.",
            ["invalid_value.page"] = "'Skip' muss zwischen 0 und {0} liegen und 'Take' zwischen 1 und {1}.",
            ["invalid_value.end_before_start"] = "'{0}' darf nicht vor '{1}' liegen.",
            ["invalid_currency.shape"] = "'{0}' muss ein dreistelliger ISO-4217-Währungscode sein.",
            ["invalid_value.cursor"] = "'{0}' ist kein Cursor einer vorherigen Seite.",
            ["invalid_value.refund_range"] = "'{0}' muss zwischen 0 und der Bonsumme liegen.",
            ["invalid_value.partial_refund"] = "Bei einer Teilerstattung muss '{0}' größer als 0 und kleiner als die Bonsumme sein.",
            ["invalid_value.refund_not_refunded"] = "'{0}' muss 0 sein, solange der Bon nicht erstattet ist.",
            ["invalid_value.line_count"] = "'{0}' muss 0 oder die Anzahl der gemeldeten Positionen ({1}) sein.",
            ["invalid_value.duplicate_preference"] = "Die Präferenz '{0}' ist doppelt angegeben; jeder Präferenzname darf nur einmal vorkommen.",
            ["invalid_value.preference_separator"] = "'{0}' darf '{1}' nicht enthalten, weil es in der Tabellenspalte Präferenzen trennt.",
            ["invalid_value.quantity"] = "'{0}' muss größer als 0 und höchstens {1} sein, mit höchstens {2} Nachkommastellen.",
            [CustomerErrorCodes.ReturnExceedsQuantity] = "Position {1} gibt {2} zurück, verkauft wurden aber nur {3}; eine Position kann nicht mehr zurückgeben, als sie verkauft hat.",
            ["invalid_value.points"] = "Punkte müssen eine ganze Zahl größer als null sein.",
            ["invalid_value.merge_same_customer"] = "Ein Kunde kann nicht mit sich selbst zusammengeführt werden; wählen Sie einen anderen Kunden zum Entfernen.",
            ["invalid_value.held_credit"] = "Der Kunde hat Guthaben für einen laufenden Verkauf reserviert; lösen Sie es zuerst ein oder geben Sie es frei.",
            ["invalid_value.percentage_currency"] = "Ein prozentualer Rabatt hat keine Währung; lassen Sie die Währung leer.",
            [CustomerErrorCodes.DuplicateEmail] = "Ein anderer Kunde verwendet diese E-Mail-Adresse bereits.",
            [CustomerErrorCodes.DuplicateCustomerCode] = "Ein anderer Kunde verwendet diese Kundennummer bereits.",
            [CustomerErrorCodes.PossibleDuplicate] = "{0} vorhandene(r) Kunde(n) scheinen dieselbe Person zu sein. Prüfen Sie sie oder legen Sie trotzdem an.",
            [CustomerErrorCodes.VersionConflict] = "Der Kunde wurde zwischenzeitlich geändert. Bitte neu laden und erneut versuchen.",
            [CustomerErrorCodes.NotFound] = "Der Datensatz wurde nicht gefunden.",
            ["not_found.customer"] = "Der Kunde wurde nicht gefunden.",
            ["not_found.customer_group"] = "Die Kundengruppe wurde nicht gefunden.",
            ["not_found.credit_line"] = "Die Kreditlinie wurde nicht gefunden.",
            ["not_found.ledger_account"] = "Das Konto wurde nicht gefunden.",
            ["not_found.store_credit_hold"] = "Die Guthabenreservierung wurde nicht gefunden.",
            ["not_found.ticket"] = "Der Bon wurde nicht gefunden.",
            ["not_found.merge"] = "Die Zusammenführung wurde nicht gefunden.",
            ["not_found.import_batch"] = "Der Importlauf wurde nicht gefunden.",
            [CustomerErrorCodes.Forbidden] = "Ihnen fehlt die Berechtigung '{0}'.",
            [CustomerErrorCodes.TicketAlreadyAttached] = "Der Bon gehört bereits einem anderen Kunden.",
            [CustomerErrorCodes.AttachWindowExpired] = "Der Bon wurde vor mehr als {0} Tagen bezahlt; ein Kunde kann nicht mehr zugeordnet werden.",
            [CustomerErrorCodes.InvalidTicketTransition] = "Der Bon kann nicht von {0} zu {1} wechseln.",
            [CustomerErrorCodes.MergeUndoBlocked] = "Die Zusammenführung kann nicht rückgängig gemacht werden.",
            ["merge_undo_blocked.already_undone"] = "Die Zusammenführung wurde bereits rückgängig gemacht.",
            ["merge_undo_blocked.kept_customer_changed"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Der behaltene Kunde wurde seitdem geändert.",
            ["merge_undo_blocked.ticket_changed"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Der Bon {0} wurde seitdem geändert.",
            ["merge_undo_blocked.some_ticket_changed"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Ein Bon wurde seitdem geändert.",
            ["merge_undo_blocked.ledger_account_changed"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Das Konto {0} hat seitdem neue Buchungen.",
            ["merge_undo_blocked.some_ledger_account_changed"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Ein Konto hat seitdem neue Buchungen.",
            ["merge_undo_blocked.identity_taken"] = "Die Zusammenführung kann nicht rückgängig gemacht werden: Ein anderer Kunde verwendet jetzt die E-Mail-Adresse oder die Kundennummer des entfernten Kunden.",
            [CustomerErrorCodes.InsufficientPoints] = "Nicht genug Treuepunkte: {0} verfügbar.",
            [CustomerErrorCodes.CurrencyMismatch] = "Ein Betrag in {1} kann nicht mit {0} verwendet werden.",
            [CustomerErrorCodes.TooManyDecimals] = "'{0}' hat mehr Nachkommastellen, als {1} erlaubt ({2}).",
            [CustomerErrorCodes.AmountNotPositive] = "'{0}' muss größer als null sein.",
            [CustomerErrorCodes.DiscountPercentageOutOfRange] = "Ein prozentualer Rabatt muss größer als 0 und höchstens 100 sein (angegeben: {0}).",
            [CustomerErrorCodes.DuplicateGroupName] = "Eine Kundengruppe namens '{0}' gibt es bereits.",
            [CustomerErrorCodes.DuplicateCreditLineName] = "Der Kunde hat bereits eine Kreditlinie namens '{0}'.",
            [CustomerErrorCodes.CreditLimitExceeded] = "Die Belastung würde den Saldo auf {1} bringen, über das Kreditlimit von {0}.",
            ["credit_limit_override"] = "Die Belastung würde den Saldo auf {1} bringen, über das Kreditlimit von {0}. Geben Sie einen Grund an, um trotzdem zu belasten.",
            [CustomerErrorCodes.CreditLineInactive] = "Diese Kreditlinie ist nicht aktiv.",
            [CustomerErrorCodes.InsufficientStoreCredit] = "Nicht genug Guthaben: {0} verfügbar.",
            [CustomerErrorCodes.HoldNotOpen] = "Diese Guthabenreservierung wurde bereits eingelöst oder freigegeben.",
            [CustomerErrorCodes.PaymentExceedsBalance] = "Die Zahlung ist höher als der offene Saldo ({0}).",
            [CustomerErrorCodes.IdempotencyKeyReused] = "Dieser Idempotenzschlüssel wurde bereits für eine andere Anfrage verwendet.",
            [CustomerErrorCodes.InvalidCurrency] = "'{0}' muss ein gültiger ISO-4217-Währungscode wie EUR, USD oder JPY sein.",
            [CustomerErrorCodes.InvalidAmount] = "'{0}' ist kein Betrag. Schreiben Sie ihn wie 12.50.",
            ["invalid_amount.group_separator"] = "'{0}' enthält ',', das ein Dezimalkomma oder ein Tausendertrennzeichen sein kann. Schreiben Sie den Betrag mit '.' als Dezimaltrennzeichen und ohne Tausendertrennzeichen, zum Beispiel 1.5 oder 1500.",
            ["invalid_amount.whitespace"] = "'{0}' darf keine Leerzeichen enthalten.",
            ["invalid_amount.sign"] = "'{0}' darf kein Vorzeichen haben; geben Sie den Betrag ohne '+' oder '-' ein.",
            ["invalid_amount.exponent"] = "'{0}' muss ausgeschrieben werden, ohne Exponent wie e3.",
            ["invalid_amount.non_ascii_digit"] = "'{0}' muss die Ziffern 0 bis 9 verwenden.",
            ["invalid_amount.decimal_points"] = "'{0}' darf höchstens einen '.' enthalten.",
            ["invalid_amount.missing_digits"] = "'{0}' braucht Ziffern vor und nach dem '.', zum Beispiel 0.5.",
            ["invalid_amount.character"] = "'{0}' darf nur die Ziffern 0 bis 9 und einen '.' enthalten, ohne Währungssymbol oder Buchstaben.",
            ["too_many_decimals.places"] = "'{0}' darf höchstens {1} Nachkommastellen haben.",
            ["too_many_decimals.whole"] = "'{0}' muss eine ganze Zahl sein.",
            [CustomerErrorCodes.AmountTooLarge] = "'{0}' darf nicht größer als {1} sein.",
            [CustomerErrorCodes.BalanceLimitExceeded] = "Die Buchung würde den Kontostand über sein Maximum von {0} bringen.",
        },
    };

    /// <summary>A required field is empty.</summary>
    public virtual CustomerError Required(string field) => Make(CustomerErrorCodes.Required, field, field);

    /// <summary>The merchant's required-field policy is not met.</summary>
    public virtual CustomerError RequiredFieldPolicyNotMet(IEnumerable<string> anyOf) =>
        new(CustomerErrorCodes.Required, Format("policy", string.Join(", ", anyOf)));

    /// <summary>A value exceeds its length limit.</summary>
    public virtual CustomerError TooLong(string field, int maxLength) => Make(CustomerErrorCodes.TooLong, field, field, maxLength);

    /// <summary>An email address is malformed.</summary>
    public virtual CustomerError InvalidEmail(string field) => Make(CustomerErrorCodes.InvalidEmail, field, field);

    /// <summary>A free-text value contains what looks like a payment card number.</summary>
    public virtual CustomerError CardNumberDetected(string field) => Make(CustomerErrorCodes.CardNumberDetected, field, field);

    /// <summary>
    /// A text value contains a character that is never stored (see <see cref="ControlCharacterKind"/>). The message names
    /// the field, the position (counted in characters from 1) and the code point as <c>U+001B</c>, never the character itself.
    /// </summary>
    public virtual CustomerError ControlCharacter(string field, int position, int codePoint, ControlCharacterKind kind) =>
        new(CustomerErrorCodes.ControlCharacter, Format(
            kind switch
            {
                ControlCharacterKind.LineBreakOrTab => "control_character.line_break",
                ControlCharacterKind.TextDirection => "control_character.text_direction",
                ControlCharacterKind.UnpairedSurrogate => "control_character.unpaired_surrogate",
                _ => CustomerErrorCodes.ControlCharacter,
            },
            field,
            position,
            "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture)),
            field);

    /// <summary>A value is outside its accepted range or format, and no more specific message fits.</summary>
    public virtual CustomerError InvalidValue(string field) => Make(CustomerErrorCodes.InvalidValue, field, field);

    /// <summary>A value is not one of the values the field accepts (for example an undefined enum value).</summary>
    public virtual CustomerError UnknownValue(string field, string value) => Invalid("invalid_value.unknown", field, field, value);

    /// <summary>A number is negative where it must be zero or more.</summary>
    public virtual CustomerError ValueMustNotBeNegative(string field) => Invalid("invalid_value.negative", field, field);

    /// <summary>A number is zero where it must not be.</summary>
    public virtual CustomerError ValueMustNotBeZero(string field) => Invalid("invalid_value.zero", field, field);

    /// <summary>A number is outside <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public virtual CustomerError ValueOutOfRange(string field, int min, int max) => Invalid("invalid_value.range", field, field, min, max);

    /// <summary>A text is shorter than <paramref name="minLength"/> or longer than <paramref name="maxLength"/> characters.</summary>
    public virtual CustomerError LengthOutOfRange(string field, int minLength, int maxLength) =>
        Invalid("invalid_value.length_range", field, field, minLength, maxLength);

    /// <summary>A list has more than <paramref name="maxCount"/> entries.</summary>
    public virtual CustomerError TooManyEntries(string field, int maxCount) => Invalid("invalid_value.too_many_entries", field, field, maxCount);

    /// <summary>A date is before 1 January of <paramref name="earliestYear"/> or after today.</summary>
    public virtual CustomerError DateOutOfRange(string field, int earliestYear) => Invalid("invalid_value.date_range", field, field, earliestYear);

    /// <summary>A page asks to skip more than <paramref name="maxSkip"/> or take other than 1 to <paramref name="maxTake"/> results.</summary>
    public virtual CustomerError PageOutOfRange(int maxSkip, int maxTake) => Invalid("invalid_value.page", "Take", maxSkip, maxTake);

    /// <summary>The end of a period is before its start, given in <paramref name="startField"/>.</summary>
    public virtual CustomerError EndBeforeStart(string field, string startField) =>
        Invalid("invalid_value.end_before_start", field, field, startField);

    /// <summary>A currency is not a three-letter ISO 4217 code.</summary>
    public virtual CustomerError InvalidCurrencyCode(string field) =>
        new(CustomerErrorCodes.InvalidCurrency, Format("invalid_currency.shape", field), field);

    /// <summary>A currency has the shape of a code but is not listed in <see cref="Iso4217.Currencies"/> (unknown or withdrawn).</summary>
    public virtual CustomerError UnknownCurrency(string field) => Make(CustomerErrorCodes.InvalidCurrency, field, field);

    /// <summary>A paging cursor was not handed out by a previous page.</summary>
    public virtual CustomerError InvalidCursor(string field) => Invalid("invalid_value.cursor", field, field);

    /// <summary>A ticket's refunded amount is negative or more than its total.</summary>
    public virtual CustomerError RefundOutOfRange(string field) => Invalid("invalid_value.refund_range", field, field);

    /// <summary>A partially refunded ticket's refunded amount is not more than zero and less than its total.</summary>
    public virtual CustomerError PartialRefundOutOfRange(string field) => Invalid("invalid_value.partial_refund", field, field);

    /// <summary>A ticket that is not refunded reports a refunded amount.</summary>
    public virtual CustomerError RefundOnUnrefundedTicket(string field) => Invalid("invalid_value.refund_not_refunded", field, field);

    /// <summary>A customer has the same preference twice.</summary>
    public virtual CustomerError DuplicatePreference(string field, string name) => Invalid("invalid_value.duplicate_preference", field, name);

    /// <summary>A preference name or value holds a character that separates preferences in the spreadsheet column.</summary>
    public virtual CustomerError PreferenceSeparator(string field, string separator) => Invalid("invalid_value.preference_separator", field, field, separator);

    /// <summary>A ticket reports a line count that differs from the lines it carries.</summary>
    public virtual CustomerError LineCountMismatch(string field, int lineCount) => Invalid("invalid_value.line_count", field, field, lineCount);

    /// <summary>A quantity is not above zero, too large, or has too many decimal places.</summary>
    public virtual CustomerError InvalidQuantity(string field, decimal maximum, int decimals) =>
        Invalid("invalid_value.quantity", field, field, maximum.ToString("N0", CultureInfo.CurrentCulture), decimals);

    /// <summary>A ticket line returns more than it sold.</summary>
    public virtual CustomerError ReturnExceedsQuantity(string field, int lineNumber, decimal returned, decimal sold) =>
        Make(CustomerErrorCodes.ReturnExceedsQuantity, field, field, lineNumber, returned.ToString(CultureInfo.CurrentCulture), sold.ToString(CultureInfo.CurrentCulture));

    /// <summary>Loyalty points to post are not a whole number greater than zero.</summary>
    public virtual CustomerError PointsMustBeWholePositive() => Invalid("invalid_value.points", "Points");

    /// <summary>A merge names the same customer to keep and to remove.</summary>
    public virtual CustomerError MergeSameCustomer() => Invalid("invalid_value.merge_same_customer", "RemoveId");

    /// <summary>The customer to remove in a merge has store credit held for a sale in progress.</summary>
    public virtual CustomerError CustomerHasHeldCredit() => Invalid("invalid_value.held_credit", "RemoveId");

    /// <summary>A percentage discount names a currency.</summary>
    public virtual CustomerError PercentageDiscountHasCurrency() => Invalid("invalid_value.percentage_currency", "Discount.Currency");

    /// <summary>The email is already used by another customer of the merchant.</summary>
    public virtual CustomerError DuplicateEmail() => Make(CustomerErrorCodes.DuplicateEmail, "Email");

    /// <summary>The customer code is already used by another customer of the merchant.</summary>
    public virtual CustomerError DuplicateCustomerCode() => Make(CustomerErrorCodes.DuplicateCustomerCode, "CustomerCode");

    /// <summary>Existing customers look like the one being created.</summary>
    public virtual CustomerError PossibleDuplicate(int candidateCount) => Make(CustomerErrorCodes.PossibleDuplicate, null, candidateCount);

    /// <summary>The record changed since the caller read it.</summary>
    public virtual CustomerError VersionConflict() => Make(CustomerErrorCodes.VersionConflict, null);

    /// <summary>No <paramref name="what"/> with the id exists for the merchant.</summary>
    public virtual CustomerError NotFound(NotFoundSubject what = NotFoundSubject.Customer) =>
        new(CustomerErrorCodes.NotFound, Format(what switch
        {
            NotFoundSubject.Customer => "not_found.customer",
            NotFoundSubject.CustomerGroup => "not_found.customer_group",
            NotFoundSubject.CreditLine => "not_found.credit_line",
            NotFoundSubject.LedgerAccount => "not_found.ledger_account",
            NotFoundSubject.StoreCreditHold => "not_found.store_credit_hold",
            NotFoundSubject.Ticket => "not_found.ticket",
            NotFoundSubject.Merge => "not_found.merge",
            NotFoundSubject.ImportBatch => "not_found.import_batch",
            _ => CustomerErrorCodes.NotFound,
        }));

    /// <summary>The acting user lacks a permission.</summary>
    public virtual CustomerError Forbidden(Security.CustomerPermission permission) =>
        Make(CustomerErrorCodes.Forbidden, null, (permission ?? throw new ArgumentNullException(nameof(permission))).Name);

    /// <summary>The ticket is linked to another customer.</summary>
    public virtual CustomerError TicketAlreadyAttached() => Make(CustomerErrorCodes.TicketAlreadyAttached, "CustomerId");

    /// <summary>The attach-after-sale window has passed.</summary>
    public virtual CustomerError AttachWindowExpired(int days) => Make(CustomerErrorCodes.AttachWindowExpired, null, days);

    /// <summary>A reported ticket state cannot follow the recorded one.</summary>
    public virtual CustomerError InvalidTicketTransition(string from, string to) => Make(CustomerErrorCodes.InvalidTicketTransition, "Status", from, to);

    /// <summary>A redemption asks for more points than are available.</summary>
    public virtual CustomerError InsufficientPoints(decimal available) =>
        Make(CustomerErrorCodes.InsufficientPoints, "Points", available.ToString("0.####", System.Globalization.CultureInfo.CurrentCulture));

    /// <summary>A merge cannot be undone; <paramref name="reason"/> says why.</summary>
    /// <param name="reason">What blocks the undo.</param>
    /// <param name="detail">The ticket reference for <see cref="MergeUndoBlocker.TicketChanged"/>, the account id for
    /// <see cref="MergeUndoBlocker.LedgerAccountChanged"/>; ignored otherwise. Without it the message names no ticket or account.</param>
    public virtual CustomerError MergeUndoBlocked(MergeUndoBlocker reason, string? detail = null) =>
        new(CustomerErrorCodes.MergeUndoBlocked, Format(
            reason switch
            {
                MergeUndoBlocker.AlreadyUndone => "merge_undo_blocked.already_undone",
                MergeUndoBlocker.KeptCustomerChanged => "merge_undo_blocked.kept_customer_changed",
                MergeUndoBlocker.TicketChanged when detail is not null => "merge_undo_blocked.ticket_changed",
                MergeUndoBlocker.TicketChanged => "merge_undo_blocked.some_ticket_changed",
                MergeUndoBlocker.LedgerAccountChanged when detail is not null => "merge_undo_blocked.ledger_account_changed",
                MergeUndoBlocker.LedgerAccountChanged => "merge_undo_blocked.some_ledger_account_changed",
                MergeUndoBlocker.IdentityTaken => "merge_undo_blocked.identity_taken",
                _ => CustomerErrorCodes.MergeUndoBlocked,
            },
            detail));

    /// <summary>An amount's currency differs from the one expected (the subtotal's, the account's).</summary>
    public virtual CustomerError CurrencyMismatch(string expectedCurrency, string actualCurrency) =>
        Make(CustomerErrorCodes.CurrencyMismatch, null, expectedCurrency, actualCurrency);

    /// <summary>An amount has more decimal places than its currency's minor unit.</summary>
    public virtual CustomerError TooManyDecimals(string field, string currency, int minorUnits) =>
        Make(CustomerErrorCodes.TooManyDecimals, field, field, currency, minorUnits);

    /// <summary>A text is not an amount as <see cref="MoneyParser"/> reads one; <paramref name="problem"/> says why.</summary>
    public virtual CustomerError InvalidAmount(string field, AmountFormatProblem problem) =>
        new(CustomerErrorCodes.InvalidAmount, Format(
            problem switch
            {
                AmountFormatProblem.GroupSeparator => "invalid_amount.group_separator",
                AmountFormatProblem.Whitespace => "invalid_amount.whitespace",
                AmountFormatProblem.Sign => "invalid_amount.sign",
                AmountFormatProblem.Exponent => "invalid_amount.exponent",
                AmountFormatProblem.NonAsciiDigit => "invalid_amount.non_ascii_digit",
                AmountFormatProblem.ExtraDecimalPoint => "invalid_amount.decimal_points",
                AmountFormatProblem.MissingDigits => "invalid_amount.missing_digits",
                AmountFormatProblem.InvalidCharacter => "invalid_amount.character",
                _ => CustomerErrorCodes.InvalidAmount,
            },
            field),
            field);

    /// <summary>A number has more than <paramref name="maxDecimals"/> decimal places (a number without a currency, such as a percentage).</summary>
    public virtual CustomerError TooManyDecimalPlaces(string field, int maxDecimals) =>
        new(CustomerErrorCodes.TooManyDecimals, Format("too_many_decimals.places", field, maxDecimals), field);

    /// <summary>A number has decimal places where only whole numbers are accepted (for example points).</summary>
    public virtual CustomerError WholeNumberRequired(string field) =>
        new(CustomerErrorCodes.TooManyDecimals, Format("too_many_decimals.whole", field), field);

    /// <summary>An amount is larger than <paramref name="maximum"/>, the most one input or one posting may carry.</summary>
    public virtual CustomerError AmountTooLarge(string field, decimal maximum) => Make(CustomerErrorCodes.AmountTooLarge, field, field, maximum);

    /// <summary>A posting would take an account's balance over <paramref name="maximum"/>; nothing was posted.</summary>
    public virtual CustomerError BalanceLimitExceeded(decimal maximum) => Make(CustomerErrorCodes.BalanceLimitExceeded, "Amount", maximum);

    /// <summary>An amount is zero or negative where it must be positive.</summary>
    public virtual CustomerError AmountNotPositive(string field) => Make(CustomerErrorCodes.AmountNotPositive, field, field);

    /// <summary>A percentage discount is outside (0, 100].</summary>
    public virtual CustomerError DiscountPercentageOutOfRange(decimal percentage) =>
        Make(CustomerErrorCodes.DiscountPercentageOutOfRange, "Discount", percentage);

    /// <summary>The merchant already has a customer group with this name.</summary>
    public virtual CustomerError DuplicateGroupName(string name) => Make(CustomerErrorCodes.DuplicateGroupName, "Name", name);

    /// <summary>The customer already has a credit line with this name.</summary>
    public virtual CustomerError DuplicateCreditLineName(string name) => Make(CustomerErrorCodes.DuplicateCreditLineName, "Name", name);

    /// <summary>A charge would exceed the credit limit; <paramref name="overrideAllowed"/> says whether an override reason would let it through.</summary>
    public virtual CustomerError CreditLimitExceeded(Money limit, Money balanceAfterCharge, bool overrideAllowed) =>
        new(CustomerErrorCodes.CreditLimitExceeded,
            Format(overrideAllowed ? "credit_limit_override" : CustomerErrorCodes.CreditLimitExceeded, limit.ToString(), balanceAfterCharge.ToString()));

    /// <summary>The credit line is switched off.</summary>
    public virtual CustomerError CreditLineInactive() => Make(CustomerErrorCodes.CreditLineInactive, null);

    /// <summary>Less store credit is available than asked for.</summary>
    public virtual CustomerError InsufficientStoreCredit(Money available) =>
        Make(CustomerErrorCodes.InsufficientStoreCredit, "Amount", available.ToString());

    /// <summary>The hold was already captured or released.</summary>
    public virtual CustomerError HoldNotOpen() => Make(CustomerErrorCodes.HoldNotOpen, null);

    /// <summary>A payment is larger than the balance owed.</summary>
    public virtual CustomerError PaymentExceedsBalance(Money balance) =>
        Make(CustomerErrorCodes.PaymentExceedsBalance, "Amount", balance.ToString());

    /// <summary>An idempotency key was used before for a different request.</summary>
    public virtual CustomerError IdempotencyKeyReused() => Make(CustomerErrorCodes.IdempotencyKeyReused, "IdempotencyKey");

    /// <summary>Builds an error for <paramref name="code"/> from the message table of the current UI culture.</summary>
    protected CustomerError Make(string code, string? field, params object?[] args) => new(code, Format(code, args), field);

    private static CustomerError Invalid(string key, string field, params object?[] args) => new(CustomerErrorCodes.InvalidValue, Format(key, args), field);

    /// <summary>Formats the template stored under <paramref name="key"/> in the current UI culture's language.</summary>
    protected static string Format(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var table = Templates.GetValueOrDefault(culture.TwoLetterISOLanguageName) ?? Templates["en"];
        var template = table.GetValueOrDefault(key) ?? Templates["en"][key];
        return string.Format(culture, template, args);
    }
}
