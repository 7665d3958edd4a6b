import LBPlan
import LBRuntime
import PostgresNIO

/// Turns what postgres-nio throws into LoopBack errors.
///
/// * a duplicate key (SQLSTATE 23505) is LoopBack's 409;
/// * data the server refuses (class 22: out of range, invalid text, a value too long for a
///   `VARCHAR(n)`; 23502 not null; 54000 a key too long to index) is a 400 saying why;
/// * a lost or refused connection, or a server shutting down (classes 08, 57P), is a 503 naming
///   the datasource, and tells the caller the database is unavailable.
enum PostgresErrors {
    /// What an error means for the datasource.
    enum Kind {
        /// A LoopBack error to answer with.
        case answer(LoopBackError)
        /// The database cannot be reached.
        case unavailable(String)
    }

    static func classify(_ error: any Error, model: ModelPlan?) -> Kind {
        if let error = error as? LoopBackError { return .answer(error) }
        if let (state, message) = serverError(error) {
            let name = model.map { "\($0.name)" } ?? "the record"
            switch state {
            case "23505":
                return .answer(LoopBackError(statusCode: 409, message: "Duplicate entry for \(name).\(model?.idName ?? "id")"))
            case "23502":
                return .answer(LoopBackError(statusCode: 400, message: "\(name): \(message)"))
            case "54000":
                return .answer(LoopBackError(statusCode: 400, message: "\(name): a value is too large to store: \(message)"))
            case _ where state.hasPrefix("22"):
                return .answer(LoopBackError(statusCode: 400, message: "\(name): PostgreSQL cannot store a value: \(message)", code: "ER_INVALID_VALUE"))
            case _ where meansUnreachable(state):
                return .unavailable(message)
            default:
                return .answer(LoopBackError(statusCode: 500, message: "postgresql: \(message) (SQLSTATE \(state))"))
            }
        }
        if let error = error as? PSQLError, error.code == .server {
            return .answer(LoopBackError(statusCode: 500, message: "postgresql: \(error)"))
        }
        return .unavailable((error as? PSQLError).map { String(describing: $0.code) } ?? "\(error)")
    }

    /// True for a SQLSTATE saying the server cannot be used now: a lost or refused connection
    /// (class 08), a server shutting down or starting up (57P), too many connections (53300).
    static func meansUnreachable(_ state: String) -> Bool {
        state.hasPrefix("08") || state.hasPrefix("57P") || state == "53300"
    }

    /// The SQLSTATE of an error the server answered with, if `error` is one.
    static func sqlState(of error: any Error) -> String? {
        serverError(error)?.state
    }

    /// The SQLSTATE and message of an error the server answered with — as postgres-nio's
    /// `PSQLError`, or as the `PostgresError` its prepared statements fail with.
    private static func serverError(_ error: any Error) -> (state: String, message: String)? {
        if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] {
            return (state, error.serverInfo?[.message] ?? state)
        }
        if case .server(let answer) = error as? PostgresError, let state = answer.fields[.sqlState] {
            return (state, answer.fields[.message] ?? state)
        }
        return nil
    }
}
