import NIOCore
import PostgresNIO
import Synchronization

/// The connections of a datasource's pool that its operations used, and the statements each has
/// prepared.
///
/// The connector's SQL depends only on the shape of a request (which model, which operators,
/// which fields), never on its values, which are parameters; so a few statements serve every
/// request and each is parsed and planned once per connection instead of once per request. The
/// first `capacity` distinct texts are prepared (none with a capacity of 0); later ones run
/// unnamed, so that no sequence of requests can make a connection hold an unbounded number of
/// statements. When a connection closes, its statements are forgotten and the `whenClosed` action
/// runs.
final class PostgresConnectionRegistry: Sendable {
    private struct State {
        /// The number of each statement text that is prepared (0: one that is not).
        var numbers: [String: Int] = [:]
        /// By connection: its prepared statements, by number.
        var prepared: [Int: [Int: PreparedQuery]] = [:]
    }

    let capacity: Int
    private let state = Mutex(State())
    private let closed = Mutex<@Sendable () -> Void>({})

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Runs `action` each time a connection used here closes.
    func whenClosed(_ action: @escaping @Sendable () -> Void) {
        closed.withLock { $0 = action }
    }

    /// What running `sql` on `connection` takes: `nil` to run it unnamed (over capacity, or a
    /// parameter whose type the SQL does not say), else its number and, once prepared there, the
    /// connection's prepared statement.
    func lookup(_ sql: String, on connection: PostgresConnection) -> (number: Int, prepared: PreparedQuery?)? {
        let (found, isNew) = state.withLock { state -> ((number: Int, prepared: PreparedQuery?)?, Bool) in
            let statements = state.prepared[connection.id]
            if statements == nil { state.prepared[connection.id] = [:] }
            let number: Int
            if let known = state.numbers[sql] {
                number = known
            } else {
                guard state.numbers.count < capacity else { return (nil, statements == nil) }
                number = Self.typesEveryParameter(sql) ? state.numbers.count + 1 : 0
                state.numbers[sql] = number
            }
            return (number == 0 ? nil : (number, statements?[number]), statements == nil)
        }
        if isNew { watch(connection) }
        return found
    }

    /// Keeps `prepared` as statement `number` of `connection`, until the connection closes.
    func keep(_ prepared: PreparedQuery, as number: Int, on connection: PostgresConnection) {
        state.withLock { $0.prepared[connection.id]?[number] = prepared }
    }

    private func watch(_ connection: PostgresConnection) {
        let id = connection.id
        connection.closeFuture.whenComplete { [weak self] _ in
            guard let self else { return }
            state.withLock { _ = $0.prepared.removeValue(forKey: id) }
            closed.withLock { $0 }()
        }
    }

    /// True when every `$n` in `sql` is followed by `::text` (`PostgresSQL.parameter`): prepared
    /// without parameter types, each parameter is then text, as the values sent are. Looks at
    /// the text as a whole (literals and identifiers too), so it errs only towards "no".
    static func typesEveryParameter(_ sql: String) -> Bool {
        let bytes = Array(sql.utf8)
        let typed = Array("::text".utf8)
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, digits.contains(bytes[index + 1]) else { continue }
            var end = index + 1
            while end < bytes.count, digits.contains(bytes[end]) { end += 1 }
            guard bytes[end...].starts(with: typed) else { return false }
            let next = end + typed.count
            if next < bytes.count {
                let byte = bytes[next]
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "_") || digits.contains(byte) || Character(UnicodeScalar(byte)).isLetter {
                    return false
                }
            }
            index = end
        }
        return true
    }
}
