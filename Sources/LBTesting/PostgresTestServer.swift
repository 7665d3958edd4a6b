import Foundation

/// The PostgreSQL server tests use: `LBRUN_TEST_POSTGRES_URL`, as `scripts/postgres-cluster`
/// prints it. Tests that need PostgreSQL are skipped when it is not set.
public enum PostgresTestServer {
    /// The server's URL, or `nil` when none is configured.
    public static var url: String? {
        ProcessInfo.processInfo.environment["LBRUN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A schema name no other test uses (`lbrun_t_` and random hex).
    public static func freshSchema() -> String {
        "lbrun_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }
}
