import Foundation
import LBCore
import LBPlan
import LBRuntime
import NIOCore
import SQLiteNIO

/// The conditions SQL cannot express exactly, evaluated inside SQLite by the custom function
/// `lbrun_match(token, column…, extra)` with the memory connector's own `WhereEvaluator`.
///
/// A query registers each such condition with the columns it reads and binds the returned token;
/// for every candidate row SQLite passes those columns and the extra column, the function rebuilds
/// the part of the record the condition looks at and answers 1 or 0. The query releases its
/// tokens when it is done.
final class PredicateRegistry: @unchecked Sendable {
    struct Predicate {
        let condition: Where
        let model: ModelPlan
        let columns: [ColumnSchema]
    }

    private let lock = NSLock()
    private var predicates: [Int: Predicate] = [:]
    private var nextToken = 1

    func register(_ predicate: Predicate) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let token = nextToken
        nextToken += 1
        predicates[token] = predicate
        return token
    }

    func release(_ tokens: [Int]) {
        guard !tokens.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        for token in tokens { predicates.removeValue(forKey: token) }
    }

    /// How many conditions are registered (none between statements).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return predicates.count
    }

    private func predicate(_ token: Int) -> Predicate? {
        lock.lock()
        defer { lock.unlock() }
        return predicates[token]
    }

    /// `lbrun_match(token, column…, extra)`.
    func match(_ arguments: [SQLiteData]) throws -> Int {
        guard case .integer(let token)? = arguments.first, let predicate = predicate(Int(token)),
            arguments.count == predicate.columns.count + 2
        else {
            throw LoopBackError(statusCode: 500, message: "sqlite: lbrun_match called without a registered condition")
        }
        let record = RowCodec.record(Array(arguments.dropFirst()), columns: predicate.columns, model: predicate.model)
        return WhereEvaluator.matches(record, predicate.condition, model: predicate.model) ? 1 : 0
    }

    /// The custom functions a connection needs.
    var functions: [SQLiteCustomFunction] {
        [
            SQLiteCustomFunction("lbrun_match", argumentCount: nil, pure: false) { [self] arguments in
                try self.match(arguments)
            },
            // `lbrun_has(extra, name)`: 1 when the extra object has the key `name`.
            SQLiteCustomFunction("lbrun_has", argumentCount: 2, pure: true) { arguments in
                guard arguments.count == 2, case .text(let name) = arguments[1] else { return 0 }
                return RowCodec.extraObject(arguments[0])[name] != nil ? 1 : 0
            },
            // `lbrun_nfd(text)`: the text in Unicode normalization form D, so that SQL equality is
            // canonical equivalence, as Swift's string equality (which the memory connector uses) is.
            SQLiteCustomFunction("lbrun_nfd", argumentCount: 1, pure: true) { arguments in
                switch arguments.first {
                case .text(let s)?: return PredicateRegistry.textResult(s.decomposedStringWithCanonicalMapping)
                case .blob(let buffer)?:
                    return PredicateRegistry.textResult(String(decoding: buffer.readableBytesView, as: UTF8.self).decomposedStringWithCanonicalMapping)
                default: return nil
                }
            },
            // `lbrun_utf16(text)`: the text as UTF-16BE bytes, whose byte order is JavaScript's string order.
            SQLiteCustomFunction("lbrun_utf16", argumentCount: 1, pure: true) { arguments in
                let text: String
                switch arguments.first {
                case .text(let s)?: text = s
                case .blob(let buffer)?: text = String(decoding: buffer.readableBytesView, as: UTF8.self)
                default: return nil
                }
                var bytes = Data()
                bytes.reserveCapacity(text.utf16.count * 2)
                for unit in text.utf16 { bytes.append(contentsOf: [UInt8(unit >> 8), UInt8(unit & 0xFF)]) }
                return bytes
            },
        ]
    }
    /// A text result as `RowCodec.text` stores it: a BLOB when it holds a NUL (sqlite-nio returns
    /// text results as C strings).
    static func textResult(_ text: String) -> any SQLiteDataConvertible {
        text.utf8.contains(0) ? ByteBuffer(string: text) : text
    }
}
