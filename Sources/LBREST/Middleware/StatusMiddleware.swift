import Foundation
public import Hummingbird
public import LBCore
public import LBPlan
import NIOCore

/// `loopback#status`: replies `{"started": <ISO time>, "uptime": <seconds>}`.
public struct StatusMiddleware: MiddlewareModule {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "status"), aliases: ["loopback#status"], summary: "Replies with {started, uptime}.")

    let started = Date()

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {}

    public func handle(_ request: Request, path: String, next: @escaping MiddlewareNext) async throws -> Response {
        let uptime = Date().timeIntervalSince(started)
        let body: JSONValue = [
            "started": .string(started.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "uptime": .number(uptime),
        ]
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.jsonBytes)))
    }
}
