import LBCore
public import LBPlan

/// One ACL rule, static (an `acls` entry of the model definition, compiled into `ACLPlan`) or
/// dynamic (a row of the `ACL` model) — auth-and-acl.md §6.1.
public struct ACLRule: Sendable, Equatable {
    /// A model name or `*`.
    public var model: String
    /// Method names the rule applies to; `["*"]` for all. Static rules may list several.
    public var property: [String]
    /// `READ`, `WRITE`, `EXECUTE`, `REPLICATE` or `*`.
    public var accessType: String
    /// `ALLOW`, `DENY`, `ALARM`, `AUDIT`, `DEFAULT`, or `nil` (scores like `ALLOW`, resolves like
    /// `DEFAULT`).
    public var permission: String?
    /// `ROLE`, `USER`, `APP`, or a user model's name.
    public var principalType: String
    /// A role name, user id or application id.
    public var principalId: String

    public init(
        model: String = "*", property: [String] = ["*"], accessType: String = "*", permission: String?,
        principalType: String, principalId: String
    ) {
        self.model = model
        self.property = property
        self.accessType = accessType
        self.permission = permission
        self.principalType = principalType
        self.principalId = principalId
    }

    /// A static rule of `model`, as compiled into the plan.
    public init(_ plan: ACLPlan, model: String) {
        self.init(
            model: model, property: plan.property, accessType: plan.accessType, permission: plan.permission,
            principalType: plan.principalType, principalId: plan.principalId)
    }

    /// A row of the `ACL` model; `nil` when it cannot be a rule: `principalType` or `principalId`
    /// missing or empty, a field of the wrong JSON type, or a permission LoopBack does not know.
    ///
    /// Absent (or `null`, or empty) `model`, `property` and `accessType` mean `*`. A numeric
    /// `principalId` is read as JavaScript's `String(id)`.
    public init?(row: Record) {
        guard let model = Self.text(row["model"]), let property = Self.text(row["property"]),
            let accessType = Self.text(row["accessType"]), let permission = Self.text(row["permission"]),
            let principalType = Self.text(row["principalType"]) ?? nil,
            let principalId = Self.identifier(row["principalId"])
        else { return nil }
        if let permission, ACLTerms.permissionWeights[permission] == nil { return nil }
        self.init(
            model: model ?? ACLTerms.wildcard, property: [property ?? ACLTerms.wildcard],
            accessType: accessType ?? ACLTerms.wildcard, permission: permission, principalType: principalType,
            principalId: principalId)
    }

    /// `.some(nil)` for an absent, `null` or empty value, `.some(text)` for a string, `nil` (malformed)
    /// for anything else.
    private static func text(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return .some(text.isEmpty ? nil : text)
        default: return nil
        }
    }

    /// A principal id: a non-empty string, or a number read as JavaScript's `String(n)`.
    private static func identifier(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let id)? where !id.isEmpty: id
        case .number(let n)?: JSONValue.numberText(n)
        default: nil
        }
    }
}
