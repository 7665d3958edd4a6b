import HummingbirdBcrypt
import LBCore
import NIOPosix

/// Password rules and bcrypt hashing of User-based models (auth-and-acl.md §3.1).
///
/// Hashes are bcrypt `$2b$` with the model's `saltWorkFactor` rounds (default 10, clamped to
/// bcrypt's 4…31); existing `$2a$`/`$2b$` hashes from LoopBack 3 databases verify. Hashing and
/// verifying run on NIO's shared thread pool (one thread per core), off the request threads:
/// each takes tens of milliseconds by design, and a flood of logins queues there instead of
/// starting a thread per request.
enum Passwords {
    /// bcrypt's input limit, in UTF-8 bytes.
    static let maximumLength = 72

    /// Refuses a password LoopBack 3 refuses: empty (422 `INVALID_PASSWORD`) or longer than 72
    /// UTF-8 bytes (422 `PASSWORD_TOO_LONG`).
    static func check(_ password: String) throws {
        if password.isEmpty {
            throw LoopBackError(statusCode: 422, message: "Invalid password.", code: "INVALID_PASSWORD")
        }
        let length = password.utf8.count
        if length > maximumLength {
            throw LoopBackError(
                statusCode: 422, message: "The password entered was too long. Max length is \(maximumLength) (entered \(length))",
                code: "PASSWORD_TOO_LONG")
        }
    }

    /// The bcrypt hash of `password` with `cost` rounds.
    static func hash(_ password: String, cost: Int) async -> String {
        let rounds = UInt8(min(max(cost, 4), 31))
        return await offload { Bcrypt.hash(password, cost: rounds) }
    }

    /// Whether `password` matches `hash` (false for anything that is not a bcrypt hash).
    static func verify(_ password: String, hash: String) async -> Bool {
        guard hash.hasPrefix("$2") else {
            // Spend the same time as a real check, so that a missing hash is not observable.
            _ = await offload { Bcrypt.verify(password, hash: decoy) }
            return false
        }
        return await offload { Bcrypt.verify(password, hash: hash) }
    }

    /// A valid hash of a random secret, checked when there is no user, so that an unknown user
    /// and a wrong password take the same time.
    static let decoy = Bcrypt.hash(String(UInt64.random(in: .min ... .max)), cost: 10)

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        // `runIfActive` only fails once the pool is shut down, which the singleton never is.
        (try? await NIOThreadPool.singleton.runIfActive(work)) ?? work()
    }
}
