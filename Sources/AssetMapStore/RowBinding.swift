import GRDB
import GRDBSQLite

/// Binds one row's values straight onto a prepared statement through SQLite's C API and runs it.
///
/// For statements run once per row of a large import: GRDB's arguments (an array of boxed values, converted one by
/// one) were a quarter of the import's writing thread. Values are bound in order from parameter 1; text is copied
/// by SQLite (SQLITE_TRANSIENT), with its length, so a NUL inside a value is kept as GRDB would keep it.
struct RowBinding {
    private let handle: OpaquePointer
    private var index: Int32 = 0
    /// SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ statement: Statement) {
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    mutating func text(_ value: String?) {
        index += 1
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        let (handle, index) = (handle, index)
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // An empty buffer may have no address, which SQLite would bind as NULL: "" is not NULL.
                _ = chars.isEmpty
                    ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                    : sqlite3_bind_text(handle, index, chars.baseAddress, Int32(chars.count), Self.transient)
            }
        }
    }

    mutating func integer(_ value: Int64?) {
        index += 1
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func real(_ value: Double?) {
        index += 1
        if let value { sqlite3_bind_double(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    mutating func blob(_ bytes: [UInt8]) {
        index += 1
        let (handle, index) = (handle, index)
        bytes.withUnsafeBytes { raw in _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient) }
    }

    /// Runs the statement to its end and resets it.
    func run(_ db: Database) throws {
        defer { sqlite3_reset(handle) }
        let status = sqlite3_step(handle)
        guard status == SQLITE_DONE || status == SQLITE_ROW else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                sql: String(cString: sqlite3_sql(handle)))
        }
    }
}
