import LBREST
import LBRuntime
import Logging

extension HTTPServer {
    /// The server with the middleware and components this build ships.
    init(runtime: RuntimeApp, logger: Logger) throws {
        try self.init(runtime: runtime, modules: Builtins.middleware, components: Builtins.components, logger: logger)
    }
}
