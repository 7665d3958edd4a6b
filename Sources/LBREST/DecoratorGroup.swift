import Hummingbird

/// Consecutive `ResponseDecorator` middleware (at most 64) run as one pipeline stage, each still scoped by its
/// own paths and methods: the first member that answers ends the walk, and every member that
/// applied to the request decorates the response, innermost first, as nested middleware would.
struct DecoratorGroup: RequestStage {
    /// A decorator with the stage that scopes it.
    struct Member: Sendable {
        let stage: Pipeline.Stage
        let decorator: any ResponseDecorator
    }

    let members: [Member]
    /// At most how many headers the members add: the response's header list grows once.
    let addedHeaders: Int

    init(members: [Member]) {
        self.members = members
        self.addedHeaders = members.reduce(0) { $0 + $1.decorator.addedHeaderCount }
    }

    func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        let requestPath = request.uri.path
        var applied: UInt64 = 0
        for index in members.indices {
            guard let memberPath = members[index].stage.match(request, path: requestPath) else { continue }
            if var response = members[index].decorator.answer(request, path: memberPath) {
                decorate(&response, applied, request)
                return response
            }
            applied |= 1 << UInt64(index)
        }
        var response = try await next(request)
        decorate(&response, applied, request)
        return response
    }

    /// Lets the members whose bits are set in `applied` decorate the response, innermost first.
    func decorate(_ response: inout Response, _ applied: UInt64, _ request: Request) {
        response.headers.reserveCapacity(response.headers.count + addedHeaders)
        for index in members.indices.reversed() where applied & (1 << UInt64(index)) != 0 {
            members[index].decorator.decorate(&response, for: request)
        }
    }
}
