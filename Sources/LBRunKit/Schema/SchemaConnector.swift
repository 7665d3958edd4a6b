import LBConfig
import LBCore
import LBPlan
import LBRuntime
import Logging

/// Creating the schema-managing connector of a datasource, for `migrate` and `discover`.
enum SchemaConnector {
    /// A connector of `type` for `dataSource`, created but not prepared (no table is touched).
    static func make(
        _ type: any Connector.Type, for dataSource: DataSourcePlan, appDirectory: String, logger: Logger
    ) throws -> any SchemaManaging {
        let context = ProvisionContext(appDirectory: AppPath.absolute(appDirectory), logger: logger)
        do {
            guard let connector = try type.init(dataSource: dataSource, context: context) as? any SchemaManaging else {
                throw BootError("connector '\(dataSource.connectorName)' of datasource '\(dataSource.name)' has no schema", at: dataSource.origin)
            }
            return connector
        } catch let error as BootError {
            throw error
        } catch {
            throw BootError("cannot open datasource '\(dataSource.name)': \(RuntimeApp.describe(error))", at: dataSource.origin)
        }
    }

}
