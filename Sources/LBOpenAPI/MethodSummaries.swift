import LBREST
import LBRuntime

/// One-line summaries of the remote methods, in LoopBack's words.
enum MethodSummaries {
    static func summary(_ route: RestRoute) -> String {
        switch route.action {
        case .create: "Create a new instance of the model and persist it into the data source."
        case .patchOrCreate: "Patch an existing model instance or insert a new one into the data source."
        case .replaceOrCreate: "Replace an existing model instance or insert a new one into the data source."
        case .upsertWithWhere: "Update an existing model instance or insert a new one into the data source based on the where criteria."
        case .exists, .existsHead: "Check whether a model instance exists in the data source."
        case .findById: "Find a model instance by id from the data source."
        case .replaceById: "Replace attributes for a model instance and persist it into the data source."
        case .find: "Find all instances of the model matched by filter from the data source."
        case .findOne: "Find first instance of the model matched by filter from the data source."
        case .updateAll: "Update instances of the model matched by where from the data source."
        case .deleteById: "Delete a model instance by id from the data source."
        case .count: "Count instances of the model matched by where from the data source."
        case .patchAttributes: "Patch attributes for a model instance and persist it into the data source."
        case .relation(let name, let operation), .nestedRelation(_, let name, let operation):
            relationSummary(operation, name)
        case .scope(let name, let operation):
            switch operation {
            case .get: "Queries \(name) of the model."
            case .create: "Creates a new instance in \(name) of this model."
            case .delete: "Deletes all \(name) of this model."
            case .count: "Counts \(name) of the model."
            }
        case .account(let operation):
            switch operation {
            case .login: "Login a user with username/email and password."
            case .logout: "Logout a user with access token."
            case .confirm: "Confirm a user registration with identity verification token."
            case .resetPassword: "Reset password for a user with email."
            case .changePassword: "Change a user's password."
            case .setPassword: "Reset user's password via a password-reset token."
            case .verify: "Trigger user's identity verification with configured verifyOptions."
            }
        }
    }

    private static func relationSummary(_ operation: RelationOperation, _ name: String) -> String {
        switch operation {
        case .get: "Fetches \(name)."
        case .create: "Creates a new instance in \(name) of this model."
        case .update: "Update \(name) of this model."
        case .destroy: "Deletes \(name) of this model."
        case .delete: "Deletes all \(name) of this model."
        case .count: "Counts \(name) of the model."
        case .findById: "Find a related item by id for \(name)."
        case .updateById: "Update a related item by id for \(name)."
        case .destroyById: "Delete a related item by id for \(name)."
        case .link: "Add a related item by id for \(name)."
        case .unlink: "Remove the \(name) relation to an item by id."
        case .exists: "Check the existence of \(name) relation to an item by id."
        }
    }
}
