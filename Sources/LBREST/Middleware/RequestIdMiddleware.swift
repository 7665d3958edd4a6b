import Foundation
public import HTTPTypes
public import Hummingbird
public import LBCore
public import LBPlan

/// `express-request-id`: every response carries the request's id in `X-Request-Id` (or
/// `headerName`): the one the client sent, else a new UUID v4. `setHeader: false` leaves it out.
public struct RequestIdMiddleware: ResponseDecorator {
    public static let info = ModuleInfo(
        id: ModuleID(.middleware, "request-id"), aliases: ["express-request-id"], summary: "X-Request-Id on every request.",
        checkSettings: SettingsProblem.check(Options.init))

    struct Options {
        var header = HTTPField.Name("X-Request-Id")!
        var setHeader = true

        init(_ params: JSONValue?) throws(SettingsProblem) {
            let options = try MiddlewareArguments(params).options(at: 0)
            if let name = try options.string("headerName") {
                guard let field = HTTPField.Name(name) else { throw SettingsProblem("'headerName' is not a valid header name: '\(name)'") }
                header = field
            }
            setHeader = try options.bool("setHeader", default: true)
            _ = try options.string("attributeName")
        }
    }

    let options: Options

    public init(plan: MiddlewarePlan, context: MiddlewareContext) throws {
        options = try Options(plan.params)
    }

    public func decorate(_ response: inout Response, for request: Request) {
        if options.setHeader {
            response.headers[options.header] = request.headers[options.header] ?? UUID().uuidString.lowercased()
        }
    }
}
