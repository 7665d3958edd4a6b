import LBCore
import Testing

/// `POST /Users/logout` (auth-and-acl.md §3.2 logout; §2.1 for where the token comes from; §2.2 for
/// an unknown token): 204 and the token is gone, 401 without a usable token.
@Suite("Auth: User logout")
struct AuthLogoutTests {
    @Test("POST /Users/logout: 204 empty; that token no longer works, another token of the user still does", arguments: TestConnector.allCases)
    func logout(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let first = try await client.register("ann")
            let second = try await client.logIn("ann")
            expectAllowed(try await client.get("/api/Users/1", as: first))
            expectNoBody(try await client.send(.post, "/api/Users/logout", as: first), 204)
            expectUnauthorized(try await client.get("/api/Users/1", as: first))
            expectAllowed(try await client.get("/api/Users/1", as: second))
            // Logging out again with the dead token: it is unknown, so the request has no token.
            expectReply(try await client.send(.post, "/api/Users/logout", as: first), 401, logoutWithoutToken)
        }
    }

    /// LoopBack registers logout for every verb but sorts `all` routes after the others, so GET,
    /// PUT, PATCH and DELETE `/Users/logout` reach the `/:id` routes first; only POST is asserted.
    @Test("Logout reads the token from the query, the body or X-Access-Token", arguments: TestConnector.allCases)
    func tokenSources(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            try await client.signUp("ann")
            let viaQuery = try await client.logIn("ann")
            expectNoBody(try await client.request(.post, "/api/Users/logout?access_token=" + viaQuery.token), 204)
            expectUnauthorized(try await client.get("/api/Users/1", as: viaQuery))
            let viaBody = try await client.logIn("ann")
            expectNoBody(try await client.request(.post, "/api/Users/logout", body: #"{"access_token":"\#(viaBody.token)"}"#), 204)
            expectUnauthorized(try await client.get("/api/Users/1", as: viaBody))
            let viaHeader = try await client.logIn("ann")
            expectNoBody(try await client.request(.post, "/api/Users/logout", headers: [xAccessToken: viaHeader.token]), 204)
            expectUnauthorized(try await client.get("/api/Users/1", as: viaHeader))
        }
    }

    @Test("Logout without a token or with an unknown one: 401 accessToken is required to logout", arguments: TestConnector.allCases)
    func noToken(connector: TestConnector) async throws {
        try await withServer(authApp(), connector: connector) { client in
            let ann = try await client.register("ann")
            expectReply(try await client.request(.post, "/api/Users/logout"), 401, logoutWithoutToken)
            expectReply(try await client.request(.post, "/api/Users/logout", headers: [.authorization: String(repeating: "x", count: 64)]), 401, logoutWithoutToken)
            expectAllowed(try await client.get("/api/Users/1", as: ann))
        }
    }
}
