import Foundation
public import LBCore
import LBPlan
import Synchronization

/// A valid access token of a request.
public struct ResolvedToken: Sendable, Equatable {
    public let id: String
    public let userId: JSONValue?
    /// The user model's name when tokens name it (`principalType`), else nil (`USER`).
    public let principalType: String?
    public let scopes: [String]
}

/// Access tokens, stored through the AccessToken model's datasource so that every lbrun instance
/// on the same database shares them (auth-and-acl.md §2).
///
/// Lookups are cached per instance for `cacheSeconds` (1 s by default; beyond `sweepSize`
/// entries, only the tokens read in the last `cacheSeconds` are kept): expiry is still exact —
/// it is computed from the token's `created` and `ttl` on every request — and a logout through
/// this instance removes the token from its cache at once; a token deleted through another
/// instance stops working here within `cacheSeconds`.
public final class AccessTokens: Sendable {
    let repository: ModelRepository
    /// The user model setting `allowEternalTokens` (a `ttl` of -1 never expires).
    let allowEternal: Bool
    let cacheSeconds: Double
    /// The number of cached tokens at which those read more than `cacheSeconds` ago are dropped.
    let sweepSize: Int
    private let cache: Mutex<Cache>

    struct Cache {
        var tokens: [String: CachedToken] = [:]
        /// The size at which the next sweep happens.
        var sweepAt: Int
    }

    struct CachedToken {
        let record: Record
        let cachedAt: Date
    }

    init(repository: ModelRepository, allowEternal: Bool, cacheSeconds: Double = 1, sweepSize: Int = 10_000) {
        self.repository = repository
        self.allowEternal = allowEternal
        self.cacheSeconds = cacheSeconds
        self.sweepSize = sweepSize
        cache = Mutex(Cache(sweepAt: sweepSize))
    }

    /// How many tokens are cached.
    var cachedCount: Int { cache.withLock { $0.tokens.count } }

    /// 64 characters from `[A-Za-z0-9]`, from the system's cryptographic random source.
    static func newId(length: Int = 64) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Creates a token for `userId` living `ttl` seconds; returns it as rendered.
    func create(userId: JSONValue, ttl: Double, scopes: [String]? = nil) async throws -> Record {
        // `created` comes from the AccessToken model's `defaultFn: now`.
        var data: Record = ["id": .string(Self.newId()), "ttl": .number(ttl), "userId": userId]
        if let scopes { data["scopes"] = .array(scopes.map(JSONValue.string)) }
        return try await repository.create(data)
    }

    /// The valid token with `id`; `nil` when there is none (the request is then anonymous). An
    /// expired or invalid token is deleted and answered with 401 `INVALID_TOKEN`.
    public func resolve(_ id: String) async throws -> ResolvedToken? {
        let record: Record
        if let cached = cache.withLock({ $0.tokens[id] }), Date().timeIntervalSince(cached.cachedAt) < cacheSeconds {
            record = cached.record
        } else {
            guard let found = try await repository.storedRecord(.string(id)) else {
                cache.withLock { _ = $0.tokens.removeValue(forKey: id) }
                return nil
            }
            record = found
            let now = Date()
            let (cacheSeconds, sweepSize) = (cacheSeconds, sweepSize)
            cache.withLock { cache in
                // Once the cache is large, drops what is older than `cacheSeconds`; the next sweep
                // waits until the cache has doubled, so that sweeping stays linear.
                if cache.tokens.count >= cache.sweepAt {
                    cache.tokens = cache.tokens.filter { now.timeIntervalSince($0.value.cachedAt) < cacheSeconds }
                    cache.sweepAt = max(sweepSize, 2 * cache.tokens.count)
                }
                cache.tokens[id] = CachedToken(record: found, cachedAt: now)
            }
        }
        guard isValid(record) else {
            try await revoke(id)
            throw LoopBackError(statusCode: 401, message: "Invalid Access Token", code: "INVALID_TOKEN")
        }
        let scopes = record["scopes"]?.arrayValue?.compactMap(\.stringValue)
        return ResolvedToken(
            id: id, userId: record["userId"], principalType: record["principalType"]?.stringValue,
            scopes: scopes?.isEmpty == false ? scopes! : ["DEFAULT"])
    }

    /// `created` + `ttl` seconds is still ahead (a `ttl` of -1 only with `allowEternalTokens`).
    func isValid(_ record: Record, now: Date = Date()) -> Bool {
        guard let ttl = record["ttl"]?.numberValue, ttl != 0, ttl >= -1,
            let created = record["created"].flatMap(JSDate.time(of:))
        else { return false }
        if ttl == -1 { return allowEternal }
        return now.timeIntervalSince1970 * 1000 - created < ttl * 1000
    }

    /// Deletes the token `id` (logout, expiry).
    func revoke(_ id: String) async throws {
        cache.withLock { _ = $0.tokens.removeValue(forKey: id) }
        _ = try await repository.deleteById(.string(id))
    }

    /// Deletes every token of `userId` but `keep` (after a password or email change, and when the
    /// user is deleted).
    func revokeAll(of userId: JSONValue, except keep: String? = nil) async throws {
        var condition: Where = .condition(path: "userId", op: .eq, value: userId)
        if let keep { condition = Where.conjunction(condition, .condition(path: "id", op: .neq, value: .string(keep)))! }
        cache.withLock { cached in cached.tokens = cached.tokens.filter { $0.value.record["userId"] != userId || $0.key == keep } }
        _ = try await repository.deleteAll(condition)
    }
}
