extension RuntimeApp {
    /// The mail connector that sends the app's email: that of the datasource model `name` is
    /// attached to or, when `name` is `nil`, that of `Email` or else of the first attached model
    /// extending `Email` (LoopBack's lookup by type).
    ///
    /// ```swift
    /// try await app.mailConnector().send(MailMessage(from: "noreply@example.com", to: [user], subject: "Hi", text: "…"))
    /// ```
    ///
    /// - Throws: LoopBack's 500 `You must connect the Email Model to a Mail connector` when that
    ///   model is missing, detached or on a datasource of another connector.
    public func mailConnector(model name: String? = nil) throws(LoopBackError) -> MailConnector {
        let model = plan.models.first { model in
            guard model.dataSource != nil else { return false }
            return name.map { model.name == $0 } ?? (model.name == "Email")
        } ?? (name == nil ? plan.models.first { $0.dataSource != nil && $0.ancestors.contains("Email") } : nil)
        guard let dataSource = model?.dataSource, let connector = connectors[dataSource] as? MailConnector else {
            throw LoopBackError(statusCode: 500, message: "You must connect the Email Model to a Mail connector")
        }
        return connector
    }
}
