public import LBPlan
import Synchronization

/// The app's repositories by model name, for the operations that cross models: relations and
/// `include`. Filled once, when the app is provisioned; repositories hold it to reach each other.
public final class ModelDirectory: Sendable {
    private let repositories = Mutex<[String: ModelRepository]>([:])
    private let models = Mutex<[String: ModelPlan]>([:])

    public init() {}

    /// Makes `repositories` and every model of `plan` (attached or not: embedded models need not be)
    /// reachable by model name.
    func install(_ repositories: [String: ModelRepository], plan: AppPlan) {
        self.repositories.withLock { $0 = repositories }
        models.withLock { models in
            for model in plan.models { models[model.name] = model }
        }
    }

    /// The plan of model `name`.
    public func model(_ name: String) -> ModelPlan? {
        models.withLock { $0[name] }
    }

    /// The repository of model `name`, if the model is attached to a datasource.
    public func repository(_ name: String) -> ModelRepository? {
        repositories.withLock { $0[name] }
    }
}
